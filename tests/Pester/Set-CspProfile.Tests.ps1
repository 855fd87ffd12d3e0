#Requires -Version 7.4

Describe 'Set-CspProfile' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'ProfileTestSupport.ps1')

        # Starts from the same two profiles: cumulus-eu (app + user, secrets from environment variables) and cumulus-us.
        function Reset-Profiles {
            Clear-ProfileFolder
            New-CspProfile -Name 'cumulus-eu' -PartnerTenantId $tenantId -ApplicationId $appId -Region 'EU' -Country 'DE', 'NL' `
                -ClientSecretVariable 'CSPADMIN_EU_SECRET' -RefreshTokenVariable 'CSPADMIN_EU_REFRESH' | Out-Null
            New-CspProfile -Name 'cumulus-us' -PartnerTenantId '33333333-3333-3333-3333-333333333333' -ApplicationId $appId -Region 'US' | Out-Null
        }
    }

    AfterAll {
        $env:CSPADMIN_CONFIG_HOME = $savedConfigHome
    }

    Context 'Changing settings' {
        BeforeAll {
            Reset-Profiles
        }

        It 'writes nothing to the pipeline without -PassThru' {
            $result = Set-CspProfile -Name 'cumulus-eu' -Region 'EU-West'

            $result | Should -BeNullOrEmpty
            (Get-CspProfile -Name 'cumulus-eu').Region | Should -Be 'EU-West'
        }

        It 'returns the changed profile with -PassThru' {
            $changed = Set-CspProfile -Name 'cumulus-eu' -Region 'EU' -PassThru

            @($changed).Count | Should -Be 1
            $changed.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Connections.CspProfile'
            $changed.Region | Should -Be 'EU'
        }

        It 'keeps the settings that were not given' {
            Set-CspProfile -Name 'cumulus-eu' -SignInMethod 'ClientSecret'
            $stored = Get-CspProfile -Name 'cumulus-eu'

            $stored.SignInMethod | Should -Be 'ClientSecret'
            $stored.ApplicationId | Should -Be $appId
            $stored.PartnerTenantId | Should -Be $tenantId
            $stored.ClientSecretVariable | Should -Be 'CSPADMIN_EU_SECRET'
            ($stored.Countries -join ',') | Should -Be 'DE,NL'
            $stored.Cloud | Should -Be 'Global'
        }

        It 'clears a setting given as an empty string' {
            Set-CspProfile -Name 'cumulus-eu' -RefreshTokenVariable ''

            (Get-CspProfile -Name 'cumulus-eu').RefreshTokenVariable | Should -BeNullOrEmpty
            (Get-CspProfile -Name 'cumulus-eu').ClientSecretVariable | Should -Be 'CSPADMIN_EU_SECRET'
        }

        It 'replaces the list of countries' {
            Set-CspProfile -Name 'cumulus-eu' -Country 'fr'

            ((Get-CspProfile -Name 'cumulus-eu').Countries -join ',') | Should -Be 'FR'
        }

        It 'moves the profile to another cloud with all three endpoints' {
            $changed = Set-CspProfile -Name 'cumulus-us' -Cloud 'UsGovernment' -PassThru

            $changed.Cloud | Should -Be 'UsGovernment'
            $changed.GraphEndpoint.AbsoluteUri | Should -Be 'https://graph.microsoft.us/v1.0/'
            $changed.AuthorityEndpoint.AbsoluteUri | Should -Be 'https://login.microsoftonline.us/'
        }

        It 'points the profile at an emulator server' {
            $changed = Set-CspProfile -Name 'cumulus-us' -EmulatorUri 'http://127.0.0.1:5100/' -PassThru

            $changed.Cloud | Should -Be 'Custom'
            $changed.PartnerCenterEndpoint.AbsoluteUri | Should -Be 'http://127.0.0.1:5100/partnercenter/v1/'
        }

        It 'replaces the resellers' {
            $resellers = @(
                @{ Name = 'Cascade Networks'; TenantId = '66666666-6666-6666-6666-666666666666'; MpnId = '5093318' }
            )
            Set-CspProfile -Name 'cumulus-eu' -Reseller $resellers
            $stored = Get-CspProfile -Name 'cumulus-eu'

            @($stored.Resellers).Count | Should -Be 1
            $stored.Resellers[0].Name | Should -Be 'Cascade Networks'
            $stored.Resellers[0].TenantId | Should -Be '66666666-6666-6666-6666-666666666666'
        }

        It 'finds the profile without regard to case' {
            Set-CspProfile -Name 'CUMULUS-EU' -Region 'EU'

            (Get-CspProfile -Name 'cumulus-eu').Region | Should -Be 'EU'
        }

        It 'changes the profiles piped from Get-CspProfile' {
            Get-CspProfile | Set-CspProfile -DefaultResellerMpnId '5093318'

            foreach ($stored in Get-CspProfile) {
                $stored.DefaultResellerMpnId | Should -Be '5093318'
            }
        }

        It 'leaves no temporary file behind and keeps the file private' {
            $names = @(Get-ChildItem -LiteralPath $configHome -Force | ForEach-Object { $_.Name })

            ($names -join ',') | Should -Be 'profiles.json'
            if (-not $IsWindows) {
                (Get-Item -LiteralPath $profileFile).UnixMode | Should -Be '-rw-------'
            }
        }
    }

    Context '-WhatIf' {
        BeforeAll {
            Reset-Profiles
        }

        It 'changes nothing in the file' {
            $before = Get-FileText

            $result = Set-CspProfile -Name 'cumulus-eu' -Region 'US' -SignInMethod 'DeviceCode' -WhatIf

            $result | Should -BeNullOrEmpty
            Get-FileText | Should -Be $before
            (Get-CspProfile -Name 'cumulus-eu').Region | Should -Be 'EU'
        }

        It 'supports -WhatIf and -Confirm with a Medium confirmation impact' {
            $command = Get-Command -Name Set-CspProfile
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::Medium)
        }
    }

    Context 'Settings that would make the profile invalid' {
        BeforeAll {
            Reset-Profiles
        }

        It 'refuses a partner tenant id that is not a GUID with ProfileInvalid, and changes nothing' {
            $before = Get-FileText

            $result = Set-CspProfile -Name 'cumulus-eu' -PartnerTenantId 'not-a-guid' -PassThru -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'ProfileInvalid*' }).Count | Should -Be 1
            Get-FileText | Should -Be $before
        }

        It 'refuses certificate sign-in without a certificate with ProfileInvalid' {
            $before = Get-FileText

            Set-CspProfile -Name 'cumulus-eu' -SignInMethod 'Certificate' -ErrorVariable err -ErrorAction SilentlyContinue

            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'ProfileInvalid*' }).Count | Should -Be 1
            Get-FileText | Should -Be $before
        }

        It 'refuses clearing the application id of app + user sign-in with ProfileInvalid' {
            Set-CspProfile -Name 'cumulus-eu' -ApplicationId '' -ErrorVariable err -ErrorAction SilentlyContinue

            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'ProfileInvalid*' }).Count | Should -Be 1
            (Get-CspProfile -Name 'cumulus-eu').ApplicationId | Should -Be $appId
        }
    }

    Context 'Profiles that cannot be changed' {
        BeforeAll {
            Reset-Profiles
        }

        It 'reports an unknown name as a non-terminating ProfileNotFound error' {
            $before = Get-FileText

            Set-CspProfile -Name 'no-such-profile' -Region 'EU' -ErrorVariable err -ErrorAction SilentlyContinue

            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
            Get-FileText | Should -Be $before
        }

        It 'changes the other piped profiles after one that cannot be found' {
            $names = @(
                [pscustomobject]@{ Name = 'no-such-profile' }
                [pscustomobject]@{ Name = 'cumulus-us' }
            )

            $names | Set-CspProfile -Region 'APAC' -ErrorVariable err -ErrorAction SilentlyContinue

            @($err).Count | Should -Be 1
            (Get-CspProfile -Name 'cumulus-us').Region | Should -Be 'APAC'
        }

        It 'reports a hand-broken profiles.json as ProfileFileInvalid and leaves it unchanged' {
            Set-Content -LiteralPath $profileFile -Value '{ "profiles": [ { "name": "cumulus-eu", ' -Encoding utf8
            $before = Get-FileText

            Set-CspProfile -Name 'cumulus-eu' -Region 'US' -ErrorVariable err -ErrorAction SilentlyContinue

            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'ProfileFileInvalid*' }).Count | Should -Be 1
            Get-FileText | Should -Be $before
        }
    }
}
