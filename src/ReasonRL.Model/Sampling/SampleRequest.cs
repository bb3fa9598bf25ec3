namespace ReasonRL.Model.Sampling;

/// <summary>
/// One completion to sample: the prompt's token ids (with the bos token if the model expects one) and the seed of
/// its random draws. Trainers derive the seed from (run seed, step, prompt, sample) with <c>SeedMixer</c>.
/// </summary>
public sealed record SampleRequest(IReadOnlyList<int> PromptIds, ulong Seed);
