namespace EShop.DevEnvironment.Stack;

public static class NginxBinary
{
    public static string Find()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin");
        return dirs.Select(d => Path.Combine(d, "nginx")).FirstOrDefault(File.Exists)
            ?? throw new LocalStackException("nginx (the local edge gateway) not found: install it with `sudo apt-get install -y nginx` or run `sudo bash tests/install-prerequisites.sh`");
    }
}
