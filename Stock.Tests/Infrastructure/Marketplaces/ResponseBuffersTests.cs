using System.Net.Http.Headers;
using System.Text;
using Stock.Infrastructure.Marketplaces;

namespace Stock.Tests.Infrastructure.Marketplaces;

/// <summary>Response bodies buffered in pooled blocks (D53): the same bytes and headers, read as often as asked.</summary>
public sealed class ResponseBuffersTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64 * 1024)]
    [InlineData((5 * 1024 * 1024) + 17)]
    public async Task ABufferedBody_IsTheBody_WithItsHeaders(int length)
    {
        var body = new byte[length];
        new Random(length).NextBytes(body);
        using var network = new StreamContent(new NonSeekable(body));
        network.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        network.Headers.ContentLength = length;

        using var buffered = await new ResponseBuffers().BufferAsync(network, default);

        (await buffered.ReadAsByteArrayAsync()).Should().Equal(body);
        (await buffered.ReadAsByteArrayAsync()).Should().Equal(body, "an error path reads the body again after the parse");
        buffered.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
        buffered.Headers.ContentLength.Should().Be(length);
    }

    [Fact]
    public async Task ABufferedBody_ReadsAsText()
    {
        using var network = new StringContent("{\"result\":\"Кружка\"}", Encoding.UTF8, "application/json");

        using var buffered = await new ResponseBuffers().BufferAsync(network, default);

        (await buffered.ReadAsStringAsync()).Should().Be("{\"result\":\"Кружка\"}");
    }

    [Fact]
    public async Task ABodyCutOff_FailsTheBuffering_AsANetworkError()
    {
        using var network = new StreamContent(new Failing());

        // An HttpRequestException, as HttpClient's own buffering threw: the pipeline retries it as a network error.
        (await FluentActions.Awaiting(() => new ResponseBuffers().BufferAsync(network, default)).Should().ThrowAsync<HttpRequestException>())
            .WithInnerException<IOException>();
    }

    // A network stream: read once, front to back.
    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private sealed class Failing : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("connection reset");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("connection reset"));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException<int>(new IOException("connection reset"));
    }
}
