using System;
using System.Collections.Generic;

namespace CspAdmin.Packager
{
    /// <summary>
    /// Everything that stops a package from being made, each problem in MSBuild's canonical error format
    /// ("file(line): error PACK001: reason", or "file: error PACK001: reason" where no line applies), so that the
    /// layout build shows them as build errors. All the problems found are reported at once.
    /// </summary>
    public sealed class PackagingException : Exception
    {
        public PackagingException(IReadOnlyList<string> errors)
            : base(string.Join(Environment.NewLine, errors))
        {
            Errors = errors;
        }

        public PackagingException(string file, int line, string reason)
            : this(new[] { Format(file, line, reason) })
        {
        }

        public IReadOnlyList<string> Errors { get; }

        /// <param name="line">One-based; 0 when the problem is not on one line.</param>
        public static string Format(string file, int line, string reason)
            => line > 0 ? $"{file}({line}): error PACK001: {reason}" : $"{file}: error PACK001: {reason}";
    }
}
