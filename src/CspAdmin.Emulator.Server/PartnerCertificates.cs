using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CspAdmin.Emulator.Server
{
    /// <summary>
    /// --certificate-dir: one self-signed RSA-2048 certificate per partner, registered on the partner's app and written as
    /// {dir}/{partnerName}.pfx (no password) for out-of-process clients to sign in with. A pfx already there is reused, so a
    /// client keeps its certificate across restarts and a saved state does not collect a new one each time.
    /// </summary>
    internal static class PartnerCertificates
    {
        public static IReadOnlyList<(EmulatedPartner Partner, string Path, string Thumbprint)> Provide(EmulatedCloud cloud, string directory)
        {
            Directory.CreateDirectory(directory);
            var written = new List<(EmulatedPartner, string, string)>();
            foreach (var partner in cloud.Partners)
            {
                var path = Path.GetFullPath(Path.Combine(directory, partner.Name + ".pfx"));
                using var certificate = File.Exists(path) ? X509CertificateLoader.LoadPkcs12FromFile(path, null) : Create(partner, path);
                cloud.AddApplicationCertificate(partner.Name, certificate.RawData);
                written.Add((partner, path, certificate.Thumbprint));
            }

            return written;
        }

        private static X509Certificate2 Create(EmulatedPartner partner, string path)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=CspAdmin emulator " + partner.Name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var now = DateTimeOffset.UtcNow;
            var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx));
            return certificate;
        }
    }
}
