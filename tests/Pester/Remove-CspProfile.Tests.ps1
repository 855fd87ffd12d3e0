#Requires -Version 7.4

Describe 'Remove-CspProfile' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'ProfileTestSupport.ps1')
        Connect-CspService -Emulator -Reset | Out-Null

        # Starts from four profiles: cumulus-eu, cumulus-us, lab-eu and lab-us.
        function Reset-Profiles {
            Clear-ProfileFolder
            New-CspProfile -Name 'cumulus-eu' -PartnerTenantId '11111111-1111-1111-1111-111111111111' -ApplicationId $appId | Out-Null
            New-CspProfile -Name 'cumulus-us' -PartnerTenantId '33333333-3333-3333-3333-333333333333' -ApplicationId $appId | Out-Null
            New-CspProfile -Name 'lab-eu' -EmulatorUri 'http://127.0.0.1:5099/' -PartnerTenantId '44444444-4444-4444-4444-444444444444' -ApplicationId $appId | Out-Null
            New-CspProfile -Name 'lab-us' -EmulatorUri 'http://127.0.0.1:5099/' -PartnerTenantId '55555555-5555-5555-5555-555555555555' -ApplicationId $appId | Out-Null
        }

        function Get-ProfileNames {
            (@(Get-CspProfile) | ForEach-Object { $_.Name }) -join ','
        }
    }

    AfterAll {
        $env:CSPADMIN_CONFIG_HOME = $savedConfigHome
        Connect-CspService -Emulator -Reset | Out-Null
    }

    Context 'Removing profiles' {
        BeforeEach {
            Reset-Profiles
        }

        It 'removes the named profile and keeps the others' {
            $result = Remove-CspProfile -Name 'lab-eu' -Confirm:$false

            $result | Should -BeNullOrEmpty
            Get-ProfileNames | Should -Be 'cumulus-eu,cumulus-us,lab-us'
        }

        It 'removes several profiles, by position' {
            Remove-CspProfile 'lab-eu', 'lab-us' -Confirm:$false

            Get-ProfileNames | Should -Be 'cumulus-eu,cumulus-us'
        }

        It 'finds the profile without regard to case' {
            Remove-CspProfile -Name 'CUMULUS-US' -Confirm:$false

            Get-ProfileNames | Should -Be 'cumulus-eu,lab-eu,lab-us'
        }

        It 'removes the profiles piped from Get-CspProfile' {
            Get-CspProfile -Name 'lab-*' | Remove-CspProfile -Confirm:$false

            Get-ProfileNames | Should -Be 'cumulus-eu,cumulus-us'
        }

        It 'takes no wildcards: a pattern is a name that is not found' {
            Remove-CspProfile -Name 'lab-*' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
            Get-ProfileNames | Should -Be 'cumulus-eu,cumulus-us,lab-eu,lab-us'
        }

        It 'reports an unknown name as a non-terminating ProfileNotFound error and removes the others' {
            Remove-CspProfile -Name 'no-such-profile', 'lab-us' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
            Get-ProfileNames | Should -Be 'cumulus-eu,cumulus-us,lab-eu'
        }

        It 'leaves an empty profile list, and no temporary file, after the last profile' {
            Get-CspProfile | Remove-CspProfile -Confirm:$false

            @(Get-CspProfile).Count | Should -Be 0
            $names = @(Get-ChildItem -LiteralPath $configHome -Force | ForEach-Object { $_.Name })
            ($names -join ',') | Should -Be 'profiles.json'
        }

        It 'keeps the file readable by its owner only' -Skip:$IsWindows {
            Remove-CspProfile -Name 'lab-eu' -Confirm:$false

            (Get-Item -LiteralPath $profileFile).UnixMode | Should -Be '-rw-------'
        }

        It 'leaves the open connections alone' {
            Remove-CspProfile -Name 'cumulus-eu' -Confirm:$false

            (@(Get-CspContext).Profile) -join ',' | Should -Be 'emulator-eu,emulator-us'
        }
    }

    Context '-WhatIf' {
        BeforeAll {
            Reset-Profiles
        }

        It 'removes nothing' {
            $before = Get-FileText

            Remove-CspProfile -Name 'cumulus-eu', 'lab-eu' -WhatIf

            Get-FileText | Should -Be $before
            Get-ProfileNames | Should -Be 'cumulus-eu,cumulus-us,lab-eu,lab-us'
        }

        It 'supports -WhatIf and -Confirm with a High confirmation impact' {
            $command = Get-Command -Name Remove-CspProfile
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
        }
    }

    Context 'A profiles.json broken by hand' {
        It 'reports ProfileFileInvalid and leaves the file unchanged' {
            New-Item -ItemType Directory -Path $configHome -Force | Out-Null
            Set-Content -LiteralPath $profileFile -Value '{ "profiles": [ { "name": "cumulus-eu", ' -Encoding utf8
            $before = Get-FileText

            Remove-CspProfile -Name 'cumulus-eu' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'ProfileFileInvalid*' }).Count | Should -Be 1
            Get-FileText | Should -Be $before
        }
    }
}
