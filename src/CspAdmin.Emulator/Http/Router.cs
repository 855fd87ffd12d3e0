using System;
using System.Collections.Generic;

namespace CspAdmin.Emulator.Http
{
    /// <summary>
    /// Matches (method, path segments) against templates such as "customers/{customerId}/subscriptions/{id}".
    /// Literal segments compare case-insensitively; "{name}" captures one segment. <typeparamref name="T"/> is whatever the
    /// service attaches to a route (handler, throttle cost, ...).
    /// </summary>
    internal sealed class Router<T>
        where T : class
    {
        private readonly List<Route> _routes = new List<Route>();

        public void Map(string method, string template, T endpoint) =>
            _routes.Add(new Route(method, template.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries), endpoint));

        /// <summary>The endpoint for the request, or null; <paramref name="pathExists"/> tells 405 from 404.</summary>
        public T? Match(string method, string[] segments, out RouteValues values, out bool pathExists)
        {
            pathExists = false;
            foreach (var route in _routes)
            {
                var captured = route.TryMatch(segments);
                if (captured == null)
                {
                    continue;
                }

                pathExists = true;
                if (string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase))
                {
                    values = captured;
                    return route.Endpoint;
                }
            }

            values = RouteValues.Empty;
            return null;
        }

        private sealed class Route
        {
            private readonly string[] _segments;

            public Route(string method, string[] segments, T endpoint)
            {
                Method = method;
                _segments = segments;
                Endpoint = endpoint;
            }

            public string Method { get; }
            public T Endpoint { get; }

            public RouteValues? TryMatch(string[] path)
            {
                if (path.Length != _segments.Length)
                {
                    return null;
                }

                RouteValues? values = null;
                for (var i = 0; i < path.Length; i++)
                {
                    var template = _segments[i];
                    if (template.Length > 2 && template[0] == '{' && template[template.Length - 1] == '}')
                    {
                        values ??= new RouteValues();
                        values.Set(template.Substring(1, template.Length - 2), path[i]);
                    }
                    else if (!string.Equals(template, path[i], StringComparison.OrdinalIgnoreCase))
                    {
                        return null;
                    }
                }

                return values ?? RouteValues.Empty;
            }
        }
    }

    internal sealed class RouteValues
    {
        public static readonly RouteValues Empty = new RouteValues();
        private readonly Dictionary<string, string> _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public string this[string name] => _values.TryGetValue(name, out var value) ? value : "";

        internal void Set(string name, string value) => _values[name] = value;
    }
}
