#Requires -Version 7.4

Describe 'New-CspProfile' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'ProfileTestSupport.ps1')
    }

    AfterAll {
        $env:CSPADMIN_CONFIG_HOME = $savedConfigHome
    }

    Context 'A new profile' {
        BeforeAll {
            Clear-ProfileFolder
            $created = New-CspProfile -Name 'cumulus-eu' -PartnerTenantId $tenantId -ApplicationId $appId -Region 'EU' -Country 'de', 'nl' `
                -ClientSecretVariable 'CSPADMIN_TEST_SECRET' -RefreshTokenVariable 'CSPADMIN_TEST_REFRESH'
        }

        It 'returns the profile as stored' {
            @($created).Count | Should -Be 1
            $created.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Connections.CspProfile'
            $created.Name | Should -Be 'cumulus-eu'
            $created.PartnerTenantId | Should -Be $tenantId
            $created.ApplicationId | Should -Be $appId
            $created.Region | Should -Be 'EU'
        }

        It 'uses the global cloud and app + user sign-in by default' {
            $created.Cloud | Should -Be 'Global'
            $created.SignInMethod | Should -Be 'AppAndUser'
            $created.GraphEndpoint.AbsoluteUri | Should -Be 'https://graph.microsoft.com/v1.0/'
            $created.PartnerCenterEndpoint.AbsoluteUri | Should -Be 'https://api.partnercenter.microsoft.com/v1/'
            $created.AuthorityEndpoint.AbsoluteUri | Should -Be 'https://login.microsoftonline.com/'
        }

        It 'stores the countries in upper case' {
            ($created.Countries -join ',') | Should -Be 'DE,NL'
        }

        It 'writes profiles.json in CSPADMIN_CONFIG_HOME' {
            Test-Path -LiteralPath $profileFile | Should -BeTrue
        }

        It 'is read back by Get-CspProfile' {
            $stored = @(Get-CspProfile)

            $stored.Count | Should -Be 1
            $stored[0].Name | Should -Be 'cumulus-eu'
            $stored[0].PartnerTenantId | Should -Be $tenantId
            $stored[0].ClientSecretVariable | Should -Be 'CSPADMIN_TEST_SECRET'
            $stored[0].RefreshTokenVariable | Should -Be 'CSPADMIN_TEST_REFRESH'
        }

        It 'stores plain JSON with the names of the environment variables, not their values' {
            $json = Get-Content -LiteralPath $profileFile -Raw | ConvertFrom-Json

            @($json.profiles).Count | Should -Be 1
            $json.profiles[0].name | Should -Be 'cumulus-eu'
            $json.profiles[0].clientSecretVariable | Should -Be 'CSPADMIN_TEST_SECRET'
            $json.profiles[0].refreshTokenVariable | Should -Be 'CSPADMIN_TEST_REFRESH'
        }

        It 'leaves no temporary file behind' {
            $names = @(Get-ChildItem -LiteralPath $configHome -Force | ForEach-Object { $_.Name })

            ($names -join ',') | Should -Be 'profiles.json'
        }

        It 'makes the file readable by its owner only' -Skip:$IsWindows {
            (Get-Item -LiteralPath $profileFile).UnixMode | Should -Be '-rw-------'
        }

        It 'makes the folder it creates private to its owner' -Skip:$IsWindows {
            (Get-Item -LiteralPath $configHome).UnixMode | Should -Be 'drwx------'
        }

        It 'adds a second profile and keeps the first' {
            New-CspProfile -Name 'cumulus-us' -PartnerTenantId '33333333-3333-3333-3333-333333333333' -ApplicationId $appId -Region 'US' | Out-Null
            $names = @(Get-CspProfile | ForEach-Object { $_.Name })

            ($names -join ',') | Should -Be 'cumulus-eu,cumulus-us'
        }
    }

    Context 'Other clouds and sign-in methods' {
        BeforeAll {
            Clear-ProfileFolder
        }

        It 'sets the endpoints of the US Government cloud' {
            $gov = New-CspProfile -Name 'gov' -Cloud 'UsGovernment' -PartnerTenantId $tenantId -ApplicationId $appId

            $gov.Cloud | Should -Be 'UsGovernment'
            $gov.GraphEndpoint.AbsoluteUri | Should -Be 'https://graph.microsoft.us/v1.0/'
            $gov.AuthorityEndpoint.AbsoluteUri | Should -Be 'https://login.microsoftonline.us/'
        }

        It 'points all three endpoints at an emulator server, as the cloud Custom' {
            $lab = New-CspProfile -Name 'lab-eu' -EmulatorUri 'http://127.0.0.1:5099/' -PartnerTenantId $tenantId -ApplicationId $appId -SignInMethod 'ClientSecret'

            $lab.Cloud | Should -Be 'Custom'
            $lab.GraphEndpoint.AbsoluteUri | Should -Be 'http://127.0.0.1:5099/graph/v1.0/'
            $lab.PartnerCenterEndpoint.AbsoluteUri | Should -Be 'http://127.0.0.1:5099/partnercenter/v1/'
            $lab.AuthorityEndpoint.AbsoluteUri | Should -Be 'http://127.0.0.1:5099/'
        }

        It 'takes custom endpoints' {
            $custom = New-CspProfile -Name 'custom' -PartnerTenantId $tenantId -ApplicationId $appId `
                -GraphEndpoint 'https://graph.example/v1.0/' -PartnerCenterEndpoint 'https://pc.example/v1/' -AuthorityEndpoint 'https://login.example/'

            $custom.Cloud | Should -Be 'Custom'
            $custom.PartnerCenterEndpoint.AbsoluteUri | Should -Be 'https://pc.example/v1/'
        }

        It 'stores certificate sign-in with a thumbprint' {
            $cert = New-CspProfile -Name 'cert' -PartnerTenantId $tenantId -ApplicationId $appId -SignInMethod 'Certificate' `
                -CertificateThumbprint 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678'

            $cert.SignInMethod | Should -Be 'Certificate'
            $cert.CertificateThumbprint | Should -Be 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678'
            $cert.CertificatePath | Should -BeNullOrEmpty
        }

        It 'stores a relative certificate path as a full path' {
            $cert = New-CspProfile -Name 'cert-file' -PartnerTenantId $tenantId -ApplicationId $appId -SignInMethod 'Certificate' `
                -CertificatePath 'certs/partner.pfx'

            [System.IO.Path]::IsPathRooted($cert.CertificatePath) | Should -BeTrue
            $cert.CertificatePath | Should -BeLike '*partner.pfx'
        }

        It 'accepts access-token sign-in without an application id' {
            $token = New-CspProfile -Name 'token' -PartnerTenantId $tenantId -SignInMethod 'AccessToken'

            $token.SignInMethod | Should -Be 'AccessToken'
        }

        It 'stores resellers given as hashtables' {
            $resellers = @(
                @{ Name = 'Adventure Works IT'; TenantId = '44444444-4444-4444-4444-444444444444'; MpnId = '4871203' }
                @{ Name = 'Bright Horizon Systems'; TenantId = '55555555-5555-5555-5555-555555555555' }
            )
            $distri = New-CspProfile -Name 'distri' -PartnerTenantId $tenantId -ApplicationId $appId -Reseller $resellers -DefaultResellerMpnId '4871203'
            $stored = Get-CspProfile -Name 'distri'

            @($stored.Resellers).Count | Should -Be 2
            $stored.Resellers[0].Name | Should -Be 'Adventure Works IT'
            $stored.Resellers[0].MpnId | Should -Be '4871203'
            $stored.Resellers[1].MpnId | Should -BeNullOrEmpty
            $stored.DefaultResellerMpnId | Should -Be '4871203'
            $distri.Name | Should -Be 'distri'
        }

        It 'refuses a cloud it does not know before anything is stored' {
            { New-CspProfile -Name 'moon' -Cloud 'Moon' -PartnerTenantId $tenantId -ApplicationId $appId } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        }
    }

    Context '-WhatIf' {
        BeforeAll {
            Clear-ProfileFolder
        }

        It 'creates no file and no folder' {
            $result = New-CspProfile -Name 'preview' -PartnerTenantId $tenantId -ApplicationId $appId -WhatIf

            $result | Should -BeNullOrEmpty
            Test-Path -LiteralPath $profileFile | Should -BeFalse
            Test-Path -LiteralPath $configHome | Should -BeFalse
        }

        It 'leaves an existing file exactly as it was' {
            New-CspProfile -Name 'kept' -PartnerTenantId $tenantId -ApplicationId $appId | Out-Null
            $before = Get-Content -LiteralPath $profileFile -Raw

            New-CspProfile -Name 'preview' -PartnerTenantId $tenantId -ApplicationId $appId -WhatIf | Out-Null

            Get-Content -LiteralPath $profileFile -Raw | Should -Be $before
            @(Get-CspProfile -Name 'preview' -ErrorAction SilentlyContinue).Count | Should -Be 0
        }

        It 'supports -WhatIf and -Confirm with a Low confirmation impact' {
            $command = Get-Command -Name New-CspProfile
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::Low)
        }
    }

    Context 'Invalid settings' {
        BeforeAll {
            Clear-ProfileFolder
        }

        It 'refuses a partner tenant id that is not a GUID with ProfileInvalid' {
            $result = New-CspProfile -Name 'bad-tenant' -PartnerTenantId 'contoso.onmicrosoft.com' -ApplicationId $appId -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'ProfileInvalid*' }).Count | Should -Be 1
            $err[0].Exception.Message | Should -Match 'partnerTenantId'
            Test-Path -LiteralPath $profileFile | Should -BeFalse
        }

        It 'refuses a name with a space with ProfileInvalid' {
            $result = New-CspProfile -Name 'cumulus eu' -PartnerTenantId $tenantId -ApplicationId $appId -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'ProfileInvalid*' }).Count | Should -Be 1
            Test-Path -LiteralPath $profileFile | Should -BeFalse
        }

        It 'refuses app + user sign-in without an application id with ProfileInvalid' {
            $result = New-CspProfile -Name 'no-app' -PartnerTenantId $tenantId -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'ProfileInvalid*' }).Count | Should -Be 1
            $err[0].Exception.Message | Should -Match 'application id'
        }

        It 'refuses certificate sign-in without a thumbprint or a file with ProfileInvalid' {
            $result = New-CspProfile -Name 'no-cert' -PartnerTenantId $tenantId -ApplicationId $appId -SignInMethod 'Certificate' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'ProfileInvalid*' }).Count | Should -Be 1
        }

        It 'refuses certificate sign-in with both a thumbprint and a file with ProfileInvalid' {
            $result = New-CspProfile -Name 'two-certs' -PartnerTenantId $tenantId -ApplicationId $appId -SignInMethod 'Certificate' `
                -CertificateThumbprint 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678' -CertificatePath 'partner.pfx' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'ProfileInvalid*' }).Count | Should -Be 1
        }

        It 'refuses a reseller without a tenant id with ProfileInvalid' {
            $result = New-CspProfile -Name 'bad-reseller' -PartnerTenantId $tenantId -ApplicationId $appId -Reseller @{ Name = 'Adventure Works IT'; MpnId = '4871203' } `
                -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'ProfileInvalid*' }).Count | Should -Be 1
        }

        It 'stored none of the invalid profiles' {
            Test-Path -LiteralPath $profileFile | Should -BeFalse
        }
    }

    Context 'A name in use' {
        BeforeAll {
            Clear-ProfileFolder
            New-CspProfile -Name 'cumulus-eu' -PartnerTenantId $tenantId -ApplicationId $appId | Out-Null
        }

        It 'stops with ProfileExists' {
            { New-CspProfile -Name 'cumulus-eu' -PartnerTenantId $tenantId -ApplicationId $appId } |
                Should -Throw -ErrorId 'ProfileExists*'
        }

        It 'compares names without regard to case' {
            { New-CspProfile -Name 'CUMULUS-EU' -PartnerTenantId $tenantId -ApplicationId $appId } |
                Should -Throw -ErrorId 'ProfileExists*'
        }

        It 'keeps the one profile' {
            @(Get-CspProfile).Count | Should -Be 1
        }
    }

    Context 'A profiles.json broken by hand' {
        BeforeAll {
            Clear-ProfileFolder
        }

        It 'stops with ProfileFileInvalid when the file is not valid JSON, and leaves it unchanged' {
            Set-ProfileFile -Content '{ "profiles": [ { "name": "cumulus-eu", '
            $before = Get-Content -LiteralPath $profileFile -Raw

            { New-CspProfile -Name 'cumulus-us' -PartnerTenantId $tenantId -ApplicationId $appId } |
                Should -Throw -ErrorId 'ProfileFileInvalid*'

            Get-Content -LiteralPath $profileFile -Raw | Should -Be $before
        }

        It 'stops with ProfileFileInvalid when a secret was pasted into the file, and leaves it unchanged' {
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

            { New-CspProfile -Name 'cumulus-us' -PartnerTenantId $tenantId -ApplicationId $appId } |
                Should -Throw -ErrorId 'ProfileFileInvalid*'

            Get-Content -LiteralPath $profileFile -Raw | Should -Be $before
        }
    }

    Context 'No secret in the file' {
        BeforeAll {
            Clear-ProfileFolder
            New-CspProfile -Name 'secret-check' -PartnerTenantId $tenantId -ApplicationId $appId -SignInMethod 'AppAndUser' | Out-Null
            $secretText = 'Pester-Secret-' + [guid]::NewGuid().ToString('N')
            $secret = ConvertTo-SecureString -String $secretText -AsPlainText -Force

            # App + user sign-in also needs a refresh token; without one the connection stops before any request,
            # after the secret was given to it.
            Connect-CspService -Profile 'secret-check' -ClientSecret $secret -ErrorVariable connectErrors -ErrorAction SilentlyContinue | Out-Null
        }

        It 'reports the missing refresh token with ConnectionSecretMissing' {
            @($connectErrors | Where-Object { $_.FullyQualifiedErrorId -like 'ConnectionSecretMissing*' }).Count | Should -Be 1
        }

        It 'does not write the client secret to profiles.json' {
            $text = Get-Content -LiteralPath $profileFile -Raw

            $text.Contains($secretText) | Should -BeFalse
            $text | Should -Not -Match '"clientSecret"\s*:'
        }

        It 'does not put the client secret in the error' {
            foreach ($record in $connectErrors) {
                "$($record.Exception.Message) $($record.ErrorDetails)".Contains($secretText) | Should -BeFalse
            }
        }

        It 'has no parameter that takes a secret' {
            foreach ($name in 'New-CspProfile', 'Set-CspProfile') {
                $parameters = (Get-Command -Name $name).Parameters.Values
                @($parameters | Where-Object { $_.ParameterType -eq [System.Security.SecureString] }).Count | Should -Be 0
            }
        }
    }

    Context 'Round trip: create, read, change, remove' {
        BeforeAll {
            Clear-ProfileFolder
        }

        It 'goes through the whole life of a profile' {
            New-CspProfile -Name 'round-trip' -PartnerTenantId $tenantId -ApplicationId $appId -Region 'EU' | Out-Null
            (Get-CspProfile -Name 'round-trip').Region | Should -Be 'EU'

            Set-CspProfile -Name 'round-trip' -Region 'US' -SignInMethod 'ClientSecret' -ClientSecretVariable 'CSPADMIN_RT_SECRET'
            $changed = Get-CspProfile -Name 'round-trip'
            $changed.Region | Should -Be 'US'
            $changed.SignInMethod | Should -Be 'ClientSecret'
            $changed.ClientSecretVariable | Should -Be 'CSPADMIN_RT_SECRET'
            $changed.ApplicationId | Should -Be $appId

            Remove-CspProfile -Name 'round-trip' -Confirm:$false
            @(Get-CspProfile).Count | Should -Be 0
            $gone = Get-CspProfile -Name 'round-trip' -ErrorVariable err -ErrorAction SilentlyContinue
            $gone | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
        }
    }
}
