#Requires -Version 7.4

Describe 'Get-CspProfile' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'ProfileTestSupport.ps1')
        Connect-CspService -Emulator -Reset | Out-Null

        # Three profiles, stored in this order.
        function Add-ThreeProfiles {
            New-CspProfile -Name 'cumulus-eu' -PartnerTenantId '11111111-1111-1111-1111-111111111111' -ApplicationId $appId -Region 'EU' | Out-Null
            New-CspProfile -Name 'cumulus-us' -PartnerTenantId '33333333-3333-3333-3333-333333333333' -ApplicationId $appId -Region 'US' | Out-Null
            New-CspProfile -Name 'lab-eu' -EmulatorUri 'http://127.0.0.1:5099/' -PartnerTenantId '44444444-4444-4444-4444-444444444444' -ApplicationId $appId | Out-Null
        }
    }

    AfterAll {
        $env:CSPADMIN_CONFIG_HOME = $savedConfigHome
        Connect-CspService -Emulator -Reset | Out-Null
    }

    Context 'No profile file' {
        BeforeAll {
            Clear-ProfileFolder
        }

        It 'returns nothing, without an error' {
            $found = Get-CspProfile -ErrorVariable err

            $found | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }

        It 'creates no file' {
            Get-CspProfile | Out-Null

            Test-Path -LiteralPath $profileFile | Should -BeFalse
        }
    }

    Context 'Stored profiles' {
        BeforeAll {
            Clear-ProfileFolder
            Add-ThreeProfiles
            $all = @(Get-CspProfile)
        }

        It 'lists every profile, in the order of the file' {
            ($all.Name -join ',') | Should -Be 'cumulus-eu,cumulus-us,lab-eu'
        }

        It 'returns CspProfile objects' {
            foreach ($stored in $all) {
                $stored.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Connections.CspProfile'
            }
        }

        It 'does not list the emulator connections, which are not stored profiles' {
            @(Get-CspContext).Count | Should -Be 2
            $all.Name | Should -Not -Contain 'emulator-eu'
            $all.Name | Should -Not -Contain 'emulator-us'
        }

        It 'shows no secret, only where secrets are found' {
            foreach ($stored in $all) {
                $names = @($stored.PSObject.Properties.Name)
                @($names | Where-Object { $_ -match 'Secret|Token|Password' -and $_ -notmatch 'Variable$' }).Count | Should -Be 0
            }
        }

        It 'filters by name with wildcards' {
            $found = @(Get-CspProfile -Name 'cumulus-*')

            ($found.Name -join ',') | Should -Be 'cumulus-eu,cumulus-us'
        }

        It 'matches names without regard to case' {
            (Get-CspProfile -Name 'CUMULUS-US').Name | Should -Be 'cumulus-us'
        }

        It 'takes several names, by position' {
            $found = @(Get-CspProfile 'cumulus-eu', 'lab-eu')

            ($found.Name -join ',') | Should -Be 'cumulus-eu,lab-eu'
        }

        It 'takes names from the Profile property of piped objects' {
            $found = @([pscustomobject]@{ Profile = 'lab-eu' } | Get-CspProfile)

            $found.Count | Should -Be 1
            $found[0].Name | Should -Be 'lab-eu'
            $found[0].Cloud | Should -Be 'Custom'
        }

        It 'reports a name that matches no profile as a non-terminating ProfileNotFound error' {
            $found = @(Get-CspProfile -Name 'no-such-profile', 'cumulus-eu' -ErrorVariable err -ErrorAction SilentlyContinue)

            ($found.Name -join ',') | Should -Be 'cumulus-eu'
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
        }

        It 'returns nothing, without an error, for a pattern that matches nothing' {
            $found = Get-CspProfile -Name 'nothing-*' -ErrorVariable err

            $found | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }
    }

    Context 'A profiles.json broken by hand' {
        It 'stops with ProfileFileInvalid when the file is not valid JSON, and leaves it unchanged' {
            Set-ProfileFile -Content '{ "profiles": [ { "name": "cumulus-eu", '
            $before = Get-Content -LiteralPath $profileFile -Raw

            { Get-CspProfile } | Should -Throw -ErrorId 'ProfileFileInvalid*'

            Get-Content -LiteralPath $profileFile -Raw | Should -Be $before
        }

        It 'stops with ProfileFileInvalid when a profile is not valid, naming the line' {
            $json = @'
{
  "profiles": [
    {
      "name": "cumulus-eu",
      "partnerTenantId": "not-a-tenant-id",
      "applicationId": "22222222-2222-2222-2222-222222222222"
    }
  ]
}
'@
            Set-ProfileFile -Content $json

            $failure = $null
            try {
                Get-CspProfile | Out-Null
            }
            catch {
                $failure = $_
            }

            $failure | Should -Not -BeNullOrEmpty
            $failure.FullyQualifiedErrorId | Should -BeLike 'ProfileFileInvalid*'
            $failure.Exception.Message | Should -Match 'line 3'
        }

        It 'stops with ProfileFileInvalid when a name is used twice' {
            $json = @'
{
  "profiles": [
    { "name": "cumulus-eu", "partnerTenantId": "11111111-1111-1111-1111-111111111111", "applicationId": "22222222-2222-2222-2222-222222222222" },
    { "name": "Cumulus-EU", "partnerTenantId": "33333333-3333-3333-3333-333333333333", "applicationId": "22222222-2222-2222-2222-222222222222" }
  ]
}
'@
            Set-ProfileFile -Content $json

            { Get-CspProfile } | Should -Throw -ErrorId 'ProfileFileInvalid*'
        }

        It 'stops with ProfileFileInvalid when a secret was pasted into the file' {
            $json = @'
{
  "profiles": [
    {
      "name": "cumulus-eu",
      "partnerTenantId": "11111111-1111-1111-1111-111111111111",
      "applicationId": "22222222-2222-2222-2222-222222222222",
      "clientSecret": "pasted-by-mistake"
    }
  ]
}
'@
            Set-ProfileFile -Content $json
            $before = Get-Content -LiteralPath $profileFile -Raw

            { Get-CspProfile } | Should -Throw -ErrorId 'ProfileFileInvalid*'

            Get-Content -LiteralPath $profileFile -Raw | Should -Be $before
        }

        It 'reads a file written by hand in camelCase' {
            $json = @'
{
  "profiles": [
    {
      "name": "hand-made",
      "cloud": "Global",
      "region": "EU",
      "partnerTenantId": "11111111-1111-1111-1111-111111111111",
      "applicationId": "22222222-2222-2222-2222-222222222222",
      "signInMethod": "ClientSecret",
      "clientSecretVariable": "CSPADMIN_HAND_SECRET"
    }
  ]
}
'@
            Set-ProfileFile -Content $json
            $found = Get-CspProfile -Name 'hand-made'

            $found.Region | Should -Be 'EU'
            $found.SignInMethod | Should -Be 'ClientSecret'
            $found.ClientSecretVariable | Should -Be 'CSPADMIN_HAND_SECRET'
        }
    }
}
