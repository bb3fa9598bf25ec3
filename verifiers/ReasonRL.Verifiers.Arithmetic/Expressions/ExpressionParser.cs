using System.Globalization;
using System.Numerics;
using ReasonRL.Verifiers.Arithmetic.Numbers;

namespace ReasonRL.Verifiers.Arithmetic.Expressions;

/// <summary>
/// Our own recursive-descent parser for arithmetic expressions (no eval of text, no DataTable.Compute):
/// <code>
/// expression := term (('+' | '-' | '−') term)*
/// term       := factor (('*' | '×' | '/' | '÷') factor)*
/// factor     := ('-' | '−') factor        (only with AllowUnaryMinus)
///             | number | '(' expression ')'
/// number     := digit+ ('.' digit+)?      (the fraction only with AllowDecimals)
/// </code>
/// Operators of equal precedence group to the left (8-3-2 is (8-3)-2). Whitespace between tokens is ignored.
/// It never throws: a failure returns false with a short reason.
/// </summary>
public static class ExpressionParser
{
    public static bool TryParse(string text, ParseOptions options, out Expr expr, out string error) =>
        TryParse(text.AsSpan(), options, out expr, out error);

    public static bool TryParse(ReadOnlySpan<char> text, ParseOptions options, out Expr expr, out string error)
    {
        expr = null!;
        if (text.Length > options.MaxLength)
        {
            error = $"longer than {options.MaxLength} characters";
            return false;
        }

        var parser = new Parser(text, options);
        var result = parser.Expression();
        if (result is not null && parser.AtEnd())
        {
            expr = result;
            error = "";
            return true;
        }

        error = parser.Error ?? $"unexpected '{parser.Current}' at {parser.Position}";
        return false;
    }

    private ref struct Parser(ReadOnlySpan<char> text, ParseOptions options)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private int _position;

        public string? Error { get; private set; }

        public readonly int Position => _position;

        public readonly char Current => _position < _text.Length ? _text[_position] : '\0';

        public bool AtEnd()
        {
            SkipSpace();
            return _position == _text.Length;
        }

        public Expr? Expression()
        {
            var left = Term();
            while (left is not null)
            {
                SkipSpace();
                Operator op;
                if (Current == '+')
                {
                    op = Operator.Add;
                }
                else if (Current is '-' or '\u2212')
                {
                    op = Operator.Subtract;
                }
                else
                {
                    break;
                }

                _position++;
                var right = Term();
                left = right is null ? null : new BinaryExpr(op, left, right);
            }

            return left;
        }

        private Expr? Term()
        {
            var left = Factor();
            while (left is not null)
            {
                SkipSpace();
                Operator op;
                if (Current is '*' or '\u00d7')
                {
                    op = Operator.Multiply;
                }
                else if (Current is '/' or '\u00f7')
                {
                    op = Operator.Divide;
                }
                else
                {
                    break;
                }

                _position++;
                var right = Factor();
                left = right is null ? null : new BinaryExpr(op, left, right);
            }

            return left;
        }

        private Expr? Factor()
        {
            SkipSpace();
            var c = Current;
            if (c is '-' or '\u2212')
            {
                if (!options.AllowUnaryMinus)
                {
                    return Fail($"unary minus at {_position} is not allowed");
                }

                _position++;
                var operand = Factor();
                return operand is null ? null : new NegateExpr(operand);
            }

            if (c == '(')
            {
                _position++;
                var inner = Expression();
                if (inner is null)
                {
                    return null;
                }

                SkipSpace();
                if (Current != ')')
                {
                    return Fail($"missing ')' at {_position}");
                }

                _position++;
                return inner;
            }

            return char.IsAsciiDigit(c) ? Number() : Fail(_position < _text.Length ? $"unexpected '{c}' at {_position}" : "unexpected end");
        }

        private NumberExpr? Number()
        {
            var start = _position;
            while (char.IsAsciiDigit(Current))
            {
                _position++;
            }

            var integerEnd = _position;
            var fractionDigits = 0;
            if (Current == '.' && _position + 1 < _text.Length && char.IsAsciiDigit(_text[_position + 1]))
            {
                if (!options.AllowDecimals)
                {
                    Fail($"decimal number at {start} is not allowed");
                    return null;
                }

                _position++;
                while (char.IsAsciiDigit(Current))
                {
                    _position++;
                    fractionDigits++;
                }
            }

            var value = fractionDigits == 0
                ? Rational.FromInteger(ParseDigits(_text[start..integerEnd]))
                : Rational.Of(
                    ParseDigits(_text[start..integerEnd]) * BigInteger.Pow(10, fractionDigits) + ParseDigits(_text[(integerEnd + 1).._position]),
                    BigInteger.Pow(10, fractionDigits));
            return new NumberExpr(value, start, _position);
        }

        private void SkipSpace()
        {
            while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
            {
                _position++;
            }
        }

        private Expr? Fail(string error)
        {
            Error ??= error;
            return null;
        }
    }

    /// <summary>Parses ASCII digits (the caller checked them).</summary>
    internal static BigInteger ParseDigits(ReadOnlySpan<char> digits) =>
        digits.Length <= 18 ? long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) : BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
}
