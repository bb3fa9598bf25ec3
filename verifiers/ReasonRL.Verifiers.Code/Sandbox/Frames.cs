using System.Buffers.Binary;

namespace ReasonRL.Verifiers.Code.Sandbox;

/// <summary>A frame announced a length over the reader's limit; none of it was read.</summary>
internal sealed class OversizedFrameException(string message) : Exception(message);

/// <summary>The framing of a child's connection: a 4-byte big-endian length, then that many bytes.</summary>
internal static class Frames
{
    public static async ValueTask WriteAsync(Stream stream, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)payload.Length);
        payload.CopyTo(frame.AsMemory(4));
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next frame; null when the peer closed the connection before one began.</summary>
    /// <exception cref="OversizedFrameException">The frame is longer than <paramref name="maxLength"/>.</exception>
    /// <exception cref="InvalidDataException">The frame ends early.</exception>
    public static async ValueTask<byte[]?> ReadAsync(Stream stream, int maxLength, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        var read = await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < 4)
        {
            throw new InvalidDataException("connection closed inside a frame header");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > (uint)maxLength)
        {
            throw new OversizedFrameException($"a frame of {length} bytes, over the limit of {maxLength}");
        }

        var payload = new byte[length];
        read = await stream.ReadAtLeastAsync(payload, payload.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return read == payload.Length ? payload : throw new InvalidDataException("connection closed inside a frame");
    }
}
