using System.Runtime.InteropServices;
using System.Text;

namespace ReasonRL.Model.Tokenization.HuggingFace;

/// <summary>
/// Unicode normalization forms (NFC, NFD, NFKC, NFKD) for the normalizers of <c>tokenizer.json</c>.
/// </summary>
/// <remarks>
/// ReasonRL runs with <c>InvariantGlobalization</c>, where .NET's <see cref="string.Normalize(NormalizationForm)"/>
/// leaves non-ASCII text unchanged. So the forms are taken from ICU (libicuuc, which .NET itself uses on Linux and
/// which Debian's libicu package installs), found by version as .NET finds it. ASCII text is returned as it is (every
/// form leaves it unchanged) without touching ICU; a machine without ICU gets a clear error when a tokenizer needs it.
/// </remarks>
internal static class UnicodeNormalization
{
    private static readonly Lazy<Icu?> Library = new(Icu.Find);

    public static string Normalize(string text, NormalizationForm form)
    {
        if (Ascii.IsValid(text))
        {
            return text;
        }

        var icu = Library.Value
            ?? throw new PlatformNotSupportedException(
                $"the tokenizer's {form} normalizer needs ICU (libicuuc), which was not found; install it (Debian: apt-get install libicu72)");
        return icu.Normalize(text, form);
    }

    private sealed unsafe class Icu
    {
        private readonly delegate* unmanaged<int*, nint>[] _instances;
        private readonly delegate* unmanaged<nint, char*, int, char*, int, int*, int> _normalize;

        private Icu(nint library, string suffix)
        {
            nint Symbol(string name) => NativeLibrary.GetExport(library, name + suffix);
            _instances =
            [
                (delegate* unmanaged<int*, nint>)Symbol("unorm2_getNFCInstance"),
                (delegate* unmanaged<int*, nint>)Symbol("unorm2_getNFDInstance"),
                (delegate* unmanaged<int*, nint>)Symbol("unorm2_getNFKCInstance"),
                (delegate* unmanaged<int*, nint>)Symbol("unorm2_getNFKDInstance"),
            ];
            _normalize = (delegate* unmanaged<nint, char*, int, char*, int, int*, int>)Symbol("unorm2_normalize");
        }

        /// <summary>libicuuc.so.N for the newest N present, with its symbols' version suffix (_N, or none).</summary>
        public static Icu? Find()
        {
            for (var version = 90; version >= 50; version--)
            {
                if (!NativeLibrary.TryLoad($"libicuuc.so.{version}", out var library))
                {
                    continue;
                }

                foreach (var suffix in new[] { $"_{version}", "" })
                {
                    if (NativeLibrary.TryGetExport(library, "unorm2_normalize" + suffix, out _))
                    {
                        return new Icu(library, suffix);
                    }
                }
            }

            return null;
        }

        public string Normalize(string text, NormalizationForm form)
        {
            var index = form switch
            {
                NormalizationForm.FormC => 0,
                NormalizationForm.FormD => 1,
                NormalizationForm.FormKC => 2,
                NormalizationForm.FormKD => 3,
                _ => throw new ArgumentOutOfRangeException(nameof(form)),
            };
            var error = 0;
            var normalizer = _instances[index](&error);
            Check(error, form);
            // Normalized text is at most 18 times longer (Unicode's bound for NFKD); try 3x first.
            for (var capacity = text.Length * 3 + 16; ; capacity = text.Length * 18 + 16)
            {
                var buffer = new char[capacity];
                error = 0;
                int length;
                fixed (char* source = text)
                fixed (char* destination = buffer)
                {
                    length = _normalize(normalizer, source, text.Length, destination, capacity, &error);
                }

                const int BufferOverflow = 15;
                if (error == BufferOverflow && capacity < text.Length * 18 + 16)
                {
                    continue;
                }

                Check(error, form);
                return new string(buffer, 0, length);
            }
        }

        private static void Check(int error, NormalizationForm form)
        {
            if (error > 0)
            {
                throw new InvalidOperationException($"ICU could not apply {form} (error code {error})");
            }
        }
    }
}
