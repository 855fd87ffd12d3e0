#Requires -Version 7.4

# Every example in docs/help, run against a freshly reset emulator, so that no example lies. As in the help,
# $id stands for a customer's tenant id: here Contoso's. An example that needs what a test cannot have (a real
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
