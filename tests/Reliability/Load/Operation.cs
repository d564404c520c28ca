namespace EShop.Reliability.Load;

public enum Operation { Browse, Login, Pay, Signup }

/// <summary>How often each operation is picked, in percent-like weights.</summary>
public sealed record LoadMix(int Browse, int Login, int Pay, int Signup)
{
    public static readonly LoadMix Journey = new(Browse: 70, Login: 15, Pay: 10, Signup: 5);
    public static readonly LoadMix PayHeavy = new(Browse: 50, Login: 0, Pay: 50, Signup: 0);

    public Operation Pick(Random random)
    {
        var roll = random.Next(Browse + Login + Pay + Signup);
        if ((roll -= Browse) < 0) return Operation.Browse;
        if ((roll -= Login) < 0) return Operation.Login;
        return roll - Pay < 0 ? Operation.Pay : Operation.Signup;
    }

    public override string ToString() => $"browse {Browse} / login {Login} / pay {Pay} / signup {Signup}";
}
