using Classroom.Media.Ice;

namespace Classroom.Media.Tests.Ice;

public sealed class TurnRestCredentialsTests
{
    [Fact]
    public void The_username_is_the_expiry_and_the_id_and_the_password_is_the_base64_hmac_sha1_of_it()
    {
        // Computed independently (Python hmac/hashlib) for secret "a-shared-secret-of-the-school".
        var (username, password) = TurnRestCredentials.Create("a-shared-secret-of-the-school", "anna", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        Assert.Equal("1700000000:anna", username);
        Assert.Equal("Ig7xGNauul/m5O5qpOl5y3lbJNo=", password);
    }

    [Fact]
    public void A_colon_in_the_id_cannot_move_the_expiry_the_turn_server_reads()
    {
        var (username, _) = TurnRestCredentials.Create("a-shared-secret-of-the-school", "9999999999:x", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        Assert.Equal("1700000000:9999999999_x", username);
    }
}
