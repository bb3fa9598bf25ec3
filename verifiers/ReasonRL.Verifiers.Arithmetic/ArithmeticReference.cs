namespace ReasonRL.Verifiers.Arithmetic;

/// <summary>The <c>reference</c> of an arithmetic problem: <c>{"expression": "37+48*2-15", "answer": "118"}</c>.</summary>
public sealed record ArithmeticReference(string Expression, string Answer);
