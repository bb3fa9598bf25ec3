using System.Text.Json;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Verifiers.Cipher.Ciphers;

namespace ReasonRL.Verifiers.Cipher.Tests;

internal static class TestProblems
{
    public static Problem Make(object reference) => new()
    {
        Id = "c-1",
        Family = "cipher",
        Prompt = "p",
        Reference = JsonSerializer.SerializeToElement(reference, RecordJson.Options),
    };

    public static Problem HelloWorld { get; } = Make(new CipherReference(CipherKind.Caesar, "hello world", "khoor zruog", "3"));
}
