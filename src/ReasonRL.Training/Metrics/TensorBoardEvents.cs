using System.Buffers.Binary;
using ReasonRL.Core.Io;

namespace ReasonRL.Training.Metrics;

/// <summary>
/// Drops the events logged after a step from the TensorBoard event files of a folder, so a resumed run's curves do not
/// show the steps between its checkpoint and the interruption twice. TorchSharp's <c>SummaryWriter</c> has no purge
/// step, so the files are filtered here: an event file is a sequence of TFRecords (u64 length, u32 masked CRC of the
/// length, the serialised <c>Event</c>, u32 masked CRC of it), and the records kept are copied byte for byte, CRCs
/// included. The step is read from the <c>Event</c> protobuf's field 2 (int64); the file-version record has none (step 0).
/// </summary>
public static class TensorBoardEvents
{
    private const int HeaderBytes = sizeof(ulong) + sizeof(uint);
    private const int FooterBytes = sizeof(uint);

    /// <summary>Rewrites (atomically) every event file of <paramref name="folder"/> without the events of steps after <paramref name="lastStep"/>.</summary>
    public static void DropAfter(string folder, int lastStep)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.GetFiles(folder, "events.out.tfevents.*"))
        {
            var bytes = File.ReadAllBytes(file);
            var kept = Records(bytes).Where(r => StepOf(bytes.AsSpan(r.Offset + HeaderBytes, r.Length - HeaderBytes - FooterBytes)) <= lastStep).ToList();
            if (kept.Sum(r => (long)r.Length) != bytes.Length)
            {
                AtomicFile.Write(file, stream => kept.ForEach(r => stream.Write(bytes, r.Offset, r.Length)));
            }
        }
    }

    /// <summary>The steps of every complete event in a file, in order (for checks).</summary>
    public static IReadOnlyList<long> Steps(string file)
    {
        var bytes = File.ReadAllBytes(file);
        return [.. Records(bytes).Select(r => StepOf(bytes.AsSpan(r.Offset + HeaderBytes, r.Length - HeaderBytes - FooterBytes)))];
    }

    /// <summary>(offset, length) of each whole record; a last record cut short by a kill is left out.</summary>
    private static IEnumerable<(int Offset, int Length)> Records(byte[] bytes)
    {
        var offset = 0;
        while (offset + HeaderBytes <= bytes.Length)
        {
            var dataLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));
            var length = HeaderBytes + (long)dataLength + FooterBytes;
            if (offset + length > bytes.Length)
            {
                yield break;
            }

            yield return (offset, (int)length);
            offset += (int)length;
        }
    }

    /// <summary>Field 2 (step, varint) of a serialised <c>Event</c>; 0 when absent.</summary>
    private static long StepOf(ReadOnlySpan<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var (field, wireType) = ((int)(tag >> 3), (int)(tag & 7));
            switch (wireType)
            {
                case 0:
                    var value = ReadVarint(message, ref position);
                    if (field == 2)
                    {
                        return (long)value;
                    }

                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    position += (int)ReadVarint(message, ref position);
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"unexpected protobuf wire type {wireType} in a TensorBoard event");
            }
        }

        return 0;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; position < message.Length; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        return value;
    }
}
