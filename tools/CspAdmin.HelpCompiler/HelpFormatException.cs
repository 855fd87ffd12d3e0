using System;
using System.Collections.Generic;
using System.Linq;

namespace CspAdmin.HelpCompiler
{
    /// <summary>
    /// A markdown help file that cannot be compiled. The message uses MSBuild's canonical error format
    /// ("file(line): error HELP001: reason") so the layout build shows it as a clickable error.
    /// </summary>
    public sealed class HelpFormatException : Exception
    {
        public HelpFormatException(string file, int line, string reason)
            : base($"{file}({line}): error HELP001: {reason}")
        {
            File = file;
            Line = line;
            Reason = reason;
        }

        public string File { get; }

        /// <summary>One-based line number in <see cref="File"/>.</summary>
        public int Line { get; }

        public string Reason { get; }
    }

    /// <summary>Every malformed file of one compilation, so that all of them are reported at once.</summary>
    public sealed class HelpCompilationException : Exception
    {
        public HelpCompilationException(IReadOnlyList<HelpFormatException> errors)
            : base(string.Join(Environment.NewLine, errors.Select(e => e.Message)))
        {
            Errors = errors;
        }

        public IReadOnlyList<HelpFormatException> Errors { get; }
    }
}
