using ReasonRL.Verifiers.Code.Verification;

namespace ReasonRL.Verifiers.Code.Tests;

public sealed class CodeExtractionTests
{
    [Theory]
    [InlineData(" <think></think> <answer>```python\ndef solve(x):\n    return x\n```</answer>", "def solve(x):\n    return x")]
    [InlineData(" <think>```python\nwrong\n```</think> <answer>```py\nfirst\n```\ntext\n```python\nlast\n```</answer>", "last")]
    [InlineData("<answer>```\nbare fence\n```</answer>", "bare fence")]
    [InlineData("<answer>def solve(x): return x</answer>", "def solve(x): return x")]
    [InlineData("<answer>old</answer> then <answer>```python\nnew\n```</answer>", "new")]
    [InlineData("<answer>```javascript\nlet x\n```</answer>", "```javascript\nlet x\n```")]
    public void The_program_is_the_last_python_block_of_the_last_answer_else_the_answer(string completion, string program) =>
        Assert.Equal(program, CodeExtraction.Program(CodeExtraction.Answer(completion)!));

    [Theory]
    [InlineData("def solve(x): return x")]
    [InlineData("<think>```python\ndef solve(x): return x\n```</think>")]
    [InlineData("<answer>never closed")]
    [InlineData("</answer> before <answer>")]
    public void A_completion_without_a_complete_answer_tag_has_no_answer(string completion) =>
        Assert.Null(CodeExtraction.Answer(completion));
}
