using System.Text.Json;
using System.Text.Json.Serialization;
using EShop.UserService.Accounts;
using EShop.UserService.Login;

namespace EShop.UserService;

/// <summary>Every body user-service reads or writes, source-generated (Native AOT has no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SignupRequest))]
[JsonSerializable(typeof(SignupResponse))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(PasswordChangeRequest))]
public sealed partial class UserServiceJson : JsonSerializerContext;
