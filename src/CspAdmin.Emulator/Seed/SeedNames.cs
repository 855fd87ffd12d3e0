using System.Collections.Generic;

namespace CspAdmin.Emulator.Seed
{
    /// <summary>Name material for realistic seed data (Microsoft's fictitious companies, common first and last names).</summary>
    internal static class SeedNames
    {
        public static readonly IReadOnlyList<string> Companies = new[]
        {
            "Contoso", "Fabrikam", "Northwind Traders", "Tailspin Toys", "Adatum", "Litware", "Woodgrove Bank", "Wingtip Toys",
            "Alpine Ski House", "Coho Winery", "Proseware", "Trey Research", "Fourth Coffee", "Lucerne Publishing",
            "Margie's Travel", "Relecloud", "VanArsdel", "Wide World Importers", "Humongous Insurance", "Blue Yonder Airlines",
            "City Power & Light", "Consolidated Messenger", "Southridge Video", "Best For You Organics", "First Up Consultants",
            "Lamna Healthcare", "Bellows College", "Graphic Design Institute", "School of Fine Art", "Munson's Pickles and Preserves",
        };

        /// <summary>Companies used for the "other" partner's own customers (kept apart from ours).</summary>
        public static readonly IReadOnlyList<string> OtherPartnerCompanies = new[]
        {
            "Datum Corporation", "Nod Publishers", "Liberty's Delightful Sinful Bakery", "Boulder Creek Resorts",
        };

        /// <summary>
        /// Existing Microsoft 365 tenants that "eu" and "us" do not serve yet (appended after all other tenants), two per region;
        /// the first of each region buys from "other". Their domains are the company name in lower case without spaces.
        /// </summary>
        public static readonly IReadOnlyList<Prospect> Prospects = new[]
        {
            new Prospect("Tailwind Traders", "DE", "EU", buysFromOther: true),
            new Prospect("Lakeshore Retail", "NL", "EU", buysFromOther: false),
            new Prospect("Northwind Health", "US", "US", buysFromOther: true),
            new Prospect("Zava Outdoor", "US", "US", buysFromOther: false),
        };

        public static readonly IReadOnlyList<string> Resellers = new[]
        {
            "Adventure Works IT", "Bright Horizon Systems", "Cascade Networks", "Delta Cloud Services",
        };

        public static readonly IReadOnlyList<string> FirstNames = new[]
        {
            "Adele", "Alex", "Allan", "Anna", "Ben", "Bianca", "Carlos", "Chloe", "Christie", "Daniel", "Debra", "Diego",
            "Elena", "Emily", "Enrico", "Eva", "Felix", "Grady", "Hanna", "Henrietta", "Isaiah", "Ingrid", "Jan", "Johanna",
            "Joni", "Jonas", "Karin", "Lars", "Laura", "Lee", "Lidia", "Lucas", "Lynne", "Marie", "Megan", "Miriam", "Nestor",
            "Nina", "Olga", "Oscar", "Patti", "Pablo", "Pradeep", "Rafael", "Sara", "Sofia", "Stefan", "Thomas", "Tim", "Ulla",
            "Valentina", "Victor", "Wanda", "William", "Yara", "Zoe", "Mateo", "Noah", "Amelia", "Liam", "Olivia", "Ethan",
            "Isabel", "Jakob", "Leonie", "Marco", "Paul", "Ruth", "Simon", "Theo",
        };

        public static readonly IReadOnlyList<string> LastNames = new[]
        {
            "Vance", "Wilber", "Deyoung", "Larsen", "Berg", "Rossi", "Garcia", "Martin", "Cline", "Meyer", "Berger", "Diaz",
            "Novak", "Braun", "Ricci", "Nilsson", "Fischer", "Archie", "Schulz", "Bowen", "Patel", "Holm", "Jansen", "Weber",
            "Sherman", "Lindqvist", "Jensen", "Hansen", "Moreau", "Dubois", "Zrinyi", "Gonzalez", "Robinson", "Dupont",
            "Bowman", "Hunter", "Fernandez", "Gupta", "Keller", "Lambert", "Morales", "Nowak", "Olsen", "Peeters", "Quinn",
            "Romano", "Smith", "Tanaka", "Urban", "Visser", "Walsh", "Young", "Zimmermann", "Eriksson", "Costa", "Schneider",
            "Kowalski", "Bianchi", "Andersen", "Lopez", "Murphy", "Kelly", "Wagner", "Becker",
        };

        public static readonly IReadOnlyList<string> JobTitles = new[]
        {
            "Sales Manager", "Marketing Assistant", "Accountant", "Developer", "IT Administrator", "Project Manager",
            "HR Specialist", "Office Manager", "Support Engineer", "Designer", "Product Manager", "Controller",
            "Account Executive", "Consultant", "Warehouse Lead", "Legal Counsel",
        };

        public static readonly IReadOnlyList<string> Departments = new[]
        {
            "Sales", "Marketing", "Finance", "Engineering", "IT", "Operations", "Human Resources", "Legal", "Support",
        };

        public static readonly IReadOnlyList<string> EuCountries = new[] { "DE", "FR", "NL", "GB", "SE", "IT", "ES", "DK", "BE", "AT", "IE", "PL", "FI" };
        public static readonly IReadOnlyList<string> UsCountries = new[] { "US", "US", "US", "CA" };

        public static string TopLevelDomain(string country)
        {
            switch (country)
            {
                case "GB": return "co.uk";
                case "US": return "com";
                default: return country.ToLowerInvariant();
            }
        }

        public static string PreferredLanguage(string country)
        {
            switch (country)
            {
                case "DE": case "AT": return "de-DE";
                case "FR": case "BE": return "fr-FR";
                case "NL": return "nl-NL";
                case "SE": return "sv-SE";
                case "IT": return "it-IT";
                case "ES": return "es-ES";
                case "DK": return "da-DK";
                case "PL": return "pl-PL";
                case "FI": return "fi-FI";
                case "GB": case "IE": return "en-GB";
                case "CA": return "en-CA";
                default: return "en-US";
            }
        }

        /// <summary>(city, region, postal code, phone prefix) per country.</summary>
        public static (string City, string Region, string PostalCode, string Phone) Place(string country)
        {
            switch (country)
            {
                case "DE": return ("Munich", "BY", "80331", "+49 89");
                case "FR": return ("Paris", "IDF", "75008", "+33 1");
                case "NL": return ("Amsterdam", "NH", "1017 CE", "+31 20");
                case "GB": return ("London", "LND", "EC1A 1BB", "+44 20");
                case "SE": return ("Stockholm", "AB", "111 52", "+46 8");
                case "IT": return ("Milan", "MI", "20121", "+39 02");
                case "ES": return ("Madrid", "MD", "28013", "+34 91");
                case "DK": return ("Copenhagen", "84", "1050", "+45 33");
                case "BE": return ("Brussels", "BRU", "1000", "+32 2");
                case "AT": return ("Vienna", "9", "1010", "+43 1");
                case "IE": return ("Dublin", "D", "D02 X285", "+353 1");
                case "PL": return ("Warsaw", "MZ", "00-001", "+48 22");
                case "FI": return ("Helsinki", "18", "00100", "+358 9");
                case "CA": return ("Toronto", "ON", "M5H 2N2", "+1 416");
                default: return ("Redmond", "WA", "98052", "+1 425");
            }
        }

        public sealed class Prospect
        {
            public Prospect(string company, string country, string region, bool buysFromOther)
            {
                Company = company;
                Country = country;
                Region = region;
                BuysFromOther = buysFromOther;
            }

            public string Company { get; }
            public string Country { get; }
            public string Region { get; }
            public bool BuysFromOther { get; }
        }
    }
}
