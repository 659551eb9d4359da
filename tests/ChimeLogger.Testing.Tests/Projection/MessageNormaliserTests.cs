namespace ChimeLogger.Testing.Tests.Projection;

public sealed class MessageNormaliserTests
{
    [Theory]
    [InlineData("replication_timeout", "replication_timeout")]
    [InlineData("timeout after 30 s", "timeout after ? s")]
    [InlineData("copy of evt-20261127-00042 failed", "copy of evt-?-? failed")]
    [InlineData("host 10.0.12.7 refused", "host ? refused")]
    [InlineData("cannot open /data/chime/evt-1.fil: denied", "cannot open ? denied")]
    [InlineData("span 0af7651916cd43dd8448eb211c80319c lost", "span ? lost")]
    [InlineData("job 123e4567-e89b-12d3-a456-426614174000 failed", "job ? failed")]
    [InlineData("retry 1 2 3", "retry ?")]
    [InlineData("  42  ", "?")]
    [InlineData("beam2 and v1.5", "beam2 and v1.?")]
    [InlineData("", "")]
    public void Replaces_ids_numbers_addresses_and_paths_with_one_mark(string message, string normalised) =>
        Assert.Equal(normalised, MessageNormaliser.Normalise(message));
}
