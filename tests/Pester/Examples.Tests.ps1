#Requires -Version 7.4

# Every example in docs/help, run against a freshly reset emulator, so that no example lies. As in the help,
# $id stands for a customer's tenant id (here Contoso's), and the stored profiles the help names exist (written
# to a TestDrive configuration folder). An example that needs what a test cannot have (a real
# Partner Center account, Azure Automation assets, a person at the keyboard, a file of the reader's own, users the
# emulator does not seed) is skipped with the reason; tests/Unit/Surface/HelpExampleTests.cs still checks its
# cmdlets and parameters.
BeforeDiscovery {
    $skipRules = [ordered]@{
        'signs in to a real Partner Center account'                    = 'Connect-CspService\s+-Profile|\|\s*Connect-CspService|-Identity\b'
        'needs Azure Automation, SecretManagement or a person'          = 'Get-Automation|Set-Automation|Get-Secret|Read-Host|Get-Credential'
        'needs an emulator server started first'                        = '-EmulatorUri'
        'reads a file of its own'                                       = 'Import-Csv|Get-Content|\.pfx'
        'names ids or placeholders of a real tenant'                    = '<[A-Za-z][^>]*>|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
        'asks for confirmation'                                         = '-Confirm(?!:)\b'
        "names a partner's own profile"                                 = "-Profile\s+'(?!emulator-)"
        'names users by address that the emulator does not seed'        = "[A-Za-z]+\.[A-Za-z]+@contoso"
    }

    $examples = foreach ($file in Get-ChildItem -Path (Join-Path $PSScriptRoot '../../docs/help') -Filter '*-*.md') {
        $text = (Get-Content -Raw -LiteralPath $file.FullName) -replace "`r`n", "`n"
        foreach ($match in [regex]::Matches($text, '### (Example[^\n]*)\n```powershell\n(.*?)```', 'Singleline')) {
            $code = $match.Groups[2].Value
            $reason = $null
            foreach ($rule in $skipRules.GetEnumerator()) {
                if ($code -match $rule.Value) {
                    $reason = $rule.Key
                    break
                }
            }

            @{ Command = $file.BaseName; Title = $match.Groups[1].Value.Trim(); Code = $code; Reason = $reason }
        }
    }
}

Describe '<Command> help, <Title>' -ForEach $examples {
    BeforeAll {
        $saved = @{
            Journal  = $env:CSPADMIN_JOURNAL_PATH
            Config   = $env:CSPADMIN_CONFIG_HOME
            Location = Get-Location
        }
        $env:CSPADMIN_JOURNAL_PATH = Join-Path $TestDrive 'journal.jsonl'
        $env:CSPADMIN_CONFIG_HOME = Join-Path $TestDrive 'config'
        New-Item -ItemType Directory -Path $env:CSPADMIN_CONFIG_HOME -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $env:CSPADMIN_CONFIG_HOME 'profiles.json') -Encoding utf8 -Value @'
{
  "profiles": [
    { "name": "cumulus-eu", "region": "EU", "partnerTenantId": "0b7e6a1d-58c4-4e0f-a0c3-6d2b1f9e4a77", "applicationId": "6f4c1c0e-3a52-4d5b-9b9e-2a1f3c7d8e90",
      "clientSecretVariable": "CSPADMIN_APP_SECRET", "refreshTokenVariable": "CSPADMIN_EU_REFRESH" },
    { "name": "cumulus-us", "region": "US", "partnerTenantId": "7c2f9a4e-1b6d-4e8a-93f5-0d4c8b2a6e17", "applicationId": "6f4c1c0e-3a52-4d5b-9b9e-2a1f3c7d8e90",
      "clientSecretVariable": "CSPADMIN_APP_SECRET", "refreshTokenVariable": "CSPADMIN_US_REFRESH" },
    { "name": "distri-eu", "region": "EU", "partnerTenantId": "5a8e2c41-9d37-4f6b-b1a0-7c3e9f2d6b58", "applicationId": "6f4c1c0e-3a52-4d5b-9b9e-2a1f3c7d8e90",
      "resellers": [ { "name": "Adventure Works IT", "tenantId": "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "mpnId": "4871203" },
                     { "name": "Bright Horizon Systems", "tenantId": "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f" } ] },
    { "name": "lab-eu", "cloud": "Custom", "partnerTenantId": "44444444-4444-4444-4444-444444444444", "applicationId": "22222222-2222-2222-2222-222222222222",
      "graphEndpoint": "http://127.0.0.1:5099/graph/v1.0/", "partnerCenterEndpoint": "http://127.0.0.1:5099/partnercenter/v1/", "authorityEndpoint": "http://127.0.0.1:5099/" },
    { "name": "lab-us", "cloud": "Custom", "partnerTenantId": "55555555-5555-5555-5555-555555555555", "applicationId": "22222222-2222-2222-2222-222222222222",
      "graphEndpoint": "http://127.0.0.1:5099/graph/v1.0/", "partnerCenterEndpoint": "http://127.0.0.1:5099/partnercenter/v1/", "authorityEndpoint": "http://127.0.0.1:5099/" }
  ]
}
'@
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null
        Set-Location -LiteralPath $TestDrive
    }

    AfterAll {
        Set-Location -LiteralPath $saved.Location
        $env:CSPADMIN_JOURNAL_PATH = $saved.Journal
        $env:CSPADMIN_CONFIG_HOME = $saved.Config
        Connect-CspService -Emulator -Reset | Out-Null
    }

    It 'runs on the emulator without an error' -Skip:($null -ne $Reason) {
        $id = (Get-CspCustomer -Name 'Contoso').CustomerId
        # Errors stop the example; confirmation prompts are answered as a script would answer them.
        $ErrorActionPreference = 'Stop'
        $ConfirmPreference = 'None'
        $null = & ([scriptblock]::Create($Code))
    }
}
