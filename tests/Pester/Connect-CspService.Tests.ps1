#Requires -Version 7.4

Describe 'Connect-CspService' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null

        $savedConfigHome = $env:CSPADMIN_CONFIG_HOME
        $dummySecret = ConvertTo-SecureString -String 'not-a-real-secret' -AsPlainText -Force

        # Points CSPADMIN_CONFIG_HOME at a fresh TestDrive folder, with a profiles.json holding $Content (no file without it).
        function Use-ProfileFile {
            param([string] $Folder, [string] $Content)
            $path = Join-Path $TestDrive $Folder
            New-Item -ItemType Directory -Path $path -Force | Out-Null
            if ($Content) {
                Set-Content -LiteralPath (Join-Path $path 'profiles.json') -Value $Content -Encoding utf8
            }
            $env:CSPADMIN_CONFIG_HOME = $path
        }

        function Get-SortedCustomerIds {
            (Get-CspCustomer | Sort-Object -Property CustomerId).CustomerId -join ','
        }
    }

    AfterAll {
        $env:CSPADMIN_CONFIG_HOME = $savedConfigHome
        Connect-CspService -Emulator -Reset | Out-Null
    }

    Context 'Emulator' {
        AfterEach {
            # Back to the deterministic default world (seed 1, 12 customers) for the next test.
            Connect-CspService -Emulator -Reset | Out-Null
        }

        It 'returns one connection per emulated Partner Center account' {
            $connections = @(Connect-CspService -Emulator -Reset)

            $connections.Count | Should -Be 2
            ($connections.Profile | Sort-Object) -join ',' | Should -Be 'emulator-eu,emulator-us'
            foreach ($connection in $connections) {
                $connection.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.ConnectionInfo'
                $connection.Cloud | Should -Be 'Emulator'
                $connection.SignInMethod | Should -Be 'AppAndUser'
            }
        }

        It 'adds the connections to the session context' {
            Connect-CspService -Emulator -Reset | Out-Null

            (@(Get-CspContext).Profile) -join ',' | Should -Be 'emulator-eu,emulator-us'
        }

        It 'replaces connections of the same profile instead of adding duplicates' {
            Connect-CspService -Emulator | Out-Null
            Connect-CspService -Emulator | Out-Null

            @(Get-CspContext).Count | Should -Be 2
        }

        It 'generates 12 customers over both regions by default' {
            $customers = @(Get-CspCustomer)

            $customers.Count | Should -Be 12
            @($customers | Where-Object Profile -eq 'emulator-eu').Count | Should -Be 6
            @($customers | Where-Object Profile -eq 'emulator-us').Count | Should -Be 6
        }

        It 'generates the number of customers asked for with -CustomerCount' {
            Connect-CspService -Emulator -CustomerCount 4 -UsersPerCustomer 3 | Out-Null
            $customers = @(Get-CspCustomer)

            $customers.Count | Should -Be 4
            @($customers | Where-Object Profile -eq 'emulator-eu').Count | Should -Be 2
            @($customers | Where-Object Profile -eq 'emulator-us').Count | Should -Be 2
        }

        It 'generates the same data again for the same seed' {
            Connect-CspService -Emulator -Seed 5 -CustomerCount 4 -UsersPerCustomer 2 | Out-Null
            $first = Get-SortedCustomerIds
            Connect-CspService -Emulator -Seed 5 -CustomerCount 4 -UsersPerCustomer 2 -Reset | Out-Null
            $again = Get-SortedCustomerIds

            $again | Should -Be $first
        }

        It 'generates different data for another seed' {
            Connect-CspService -Emulator -Seed 5 -CustomerCount 4 -UsersPerCustomer 2 | Out-Null
            $seed5 = Get-SortedCustomerIds
            Connect-CspService -Emulator -Seed 6 -CustomerCount 4 -UsersPerCustomer 2 | Out-Null
            $seed6 = Get-SortedCustomerIds

            $seed6 | Should -Not -Be $seed5
        }

        It 'connects to the same emulated data again after Disconnect-CspService' {
            $before = Get-SortedCustomerIds
            Disconnect-CspService
            Connect-CspService -Emulator | Out-Null

            Get-SortedCustomerIds | Should -Be $before
        }

        It 'rejects a seed below zero' {
            { Connect-CspService -Emulator -Seed -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        }

        It 'rejects a customer count of zero' {
            { Connect-CspService -Emulator -CustomerCount 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        }
    }

    Context 'Emulator server address' {
        It 'refuses an emulator address that is not loopback' {
            { Connect-CspService -Emulator -EmulatorUri 'http://192.0.2.10:5099/' } |
                Should -Throw -ErrorId 'EmulatorAddressNotLoopback*'
        }

        It 'reports an emulator server that does not answer' {
            { Connect-CspService -Emulator -EmulatorUri 'http://127.0.0.1:1/' } |
                Should -Throw -ErrorId 'EmulatorUnreachable*'
        }

        It 'keeps the existing connections when the server cannot be reached' {
            { Connect-CspService -Emulator -EmulatorUri 'http://127.0.0.1:1/' } | Should -Throw

            (@(Get-CspContext).Profile) -join ',' | Should -Be 'emulator-eu,emulator-us'
        }
    }

    Context 'Stored profiles' {
        AfterEach {
            $env:CSPADMIN_CONFIG_HOME = $savedConfigHome
        }

        It 'reports a profile that does not exist as a non-terminating ProfileNotFound error' {
            Use-ProfileFile -Folder 'no-profiles'

            $result = Connect-CspService -Profile 'no-such-profile' -ClientSecret $dummySecret -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
        }

        It 'stops at a profile that does not exist with -ErrorAction Stop' {
            Use-ProfileFile -Folder 'no-profiles-stop'

            { Connect-CspService -Profile 'no-such-profile' -ClientSecret $dummySecret -ErrorAction Stop } |
                Should -Throw -ErrorId 'ProfileNotFound*'
        }

        It 'reports ProfileNotFound when the file lacks that profile' {
            Use-ProfileFile -Folder 'other-profile' -Content '{ "profiles": [ { "name": "cumulus-eu", "partnerTenantId": "11111111-1111-1111-1111-111111111111", "applicationId": "22222222-2222-2222-2222-222222222222" } ] }'

            Connect-CspService -Profile 'cumulus-us' -ClientSecret $dummySecret -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null

            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotFound*'
        }

        It 'reports ProfileFileInvalid when profiles.json is not valid JSON' {
            Use-ProfileFile -Folder 'broken' -Content '{ "profiles": [ { "name": '

            Connect-CspService -Profile 'cumulus-eu' -ClientSecret $dummySecret -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null

            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileFileInvalid*'
        }

        It 'refuses a profile whose endpoints are plain HTTP on a remote host' {
            $json = @'
{
  "profiles": [
    {
      "name": "insecure",
      "cloud": "Custom",
      "partnerTenantId": "11111111-1111-1111-1111-111111111111",
      "applicationId": "22222222-2222-2222-2222-222222222222",
      "graphEndpoint": "http://graph.example.com/v1.0/",
      "partnerCenterEndpoint": "http://partnercenter.example.com/v1/",
      "authorityEndpoint": "http://login.example.com/"
    }
  ]
}
'@
            Use-ProfileFile -Folder 'insecure' -Content $json

            Connect-CspService -Profile 'insecure' -ClientSecret $dummySecret -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null

            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileEndpointInsecure*'
        }

        It 'keeps the existing connections when a profile cannot be connected' {
            Use-ProfileFile -Folder 'keep'

            Connect-CspService -Profile 'no-such-profile' -ClientSecret $dummySecret -ErrorAction SilentlyContinue | Out-Null

            (@(Get-CspContext).Profile) -join ',' | Should -Be 'emulator-eu,emulator-us'
        }

        It 'reports a secret the sign-in method needs and nobody gave as ConnectionSecretMissing, naming the variable' {
            $json = @'
{
  "profiles": [
    {
      "name": "app-user",
      "partnerTenantId": "11111111-1111-1111-1111-111111111111",
      "applicationId": "22222222-2222-2222-2222-222222222222",
      "signInMethod": "AppAndUser",
      "refreshTokenVariable": "CSPADMIN_PESTER_NO_SUCH_VARIABLE"
    }
  ]
}
'@
            Use-ProfileFile -Folder 'secret-missing' -Content $json

            Connect-CspService -Profile 'app-user' -ClientSecret $dummySecret -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null

            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionSecretMissing*'
            $err[0].Exception.Message | Should -Match 'CSPADMIN_PESTER_NO_SUCH_VARIABLE'
            $err[0].Exception.Message | Should -Not -Match 'not-a-real-secret'
        }

        It 'takes the profile names from Get-CspProfile through the pipeline' {
            $json = @'
{
  "profiles": [
    { "name": "piped-eu", "partnerTenantId": "11111111-1111-1111-1111-111111111111", "applicationId": "22222222-2222-2222-2222-222222222222" },
    { "name": "piped-us", "partnerTenantId": "33333333-3333-3333-3333-333333333333", "applicationId": "22222222-2222-2222-2222-222222222222" }
  ]
}
'@
            Use-ProfileFile -Folder 'piped' -Content $json

            # App + user sign-in without secrets fails before any request, once for each profile that was bound.
            Get-CspProfile | Connect-CspService -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null

            @($err).Count | Should -Be 2
            (@($err | ForEach-Object { $_.TargetObject } | Sort-Object) -join ',') | Should -Be 'piped-eu,piped-us'
            foreach ($record in $err) {
                $record.FullyQualifiedErrorId | Should -BeLike 'ConnectionSecretMissing*'
            }
        }

        It 'connects several profiles at once with an access token, for Partner Center only' {
            $json = @'
{
  "profiles": [
    { "name": "token-eu", "partnerTenantId": "11111111-1111-1111-1111-111111111111", "signInMethod": "AccessToken" },
    { "name": "token-us", "partnerTenantId": "33333333-3333-3333-3333-333333333333", "signInMethod": "AccessToken" }
  ]
}
'@
            Use-ProfileFile -Folder 'token' -Content $json
            $token = ConvertTo-SecureString -String 'not-a-real-token' -AsPlainText -Force

            try {
                $connections = @(Connect-CspService -Profile 'token-eu', 'token-us' -AccessToken $token)

                $connections.Count | Should -Be 2
                (@($connections.Profile | Sort-Object) -join ',') | Should -Be 'token-eu,token-us'
                foreach ($connection in $connections) {
                    $connection.SignInMethod | Should -Be 'AccessToken'
                    $connection.Cloud | Should -Be 'Global'
                }
                (@(Get-CspContext).Profile) -join ',' | Should -Be 'emulator-eu,emulator-us,token-eu,token-us'
            }
            finally {
                Disconnect-CspService -Profile 'token-eu', 'token-us' -ErrorAction SilentlyContinue
            }
        }

        It 'never writes a secret to profiles.json' {
            $json = '{ "profiles": [ { "name": "no-secret", "partnerTenantId": "11111111-1111-1111-1111-111111111111", "applicationId": "22222222-2222-2222-2222-222222222222" } ] }'
            Use-ProfileFile -Folder 'no-secret' -Content $json
            $path = Join-Path $env:CSPADMIN_CONFIG_HOME 'profiles.json'
            $before = Get-Content -LiteralPath $path -Raw

            Connect-CspService -Profile 'no-secret' -ClientSecret $dummySecret -ErrorAction SilentlyContinue | Out-Null

            Get-Content -LiteralPath $path -Raw | Should -Be $before
        }
    }

    Context 'Parameters' {
        It 'uses the Emulator parameter set by default' {
            (Get-Command -Name Connect-CspService).DefaultParameterSet | Should -Be 'Emulator'
        }

        It 'takes -ClientSecret as an optional SecureString with -Profile' {
            $parameter = (Get-Command -Name Connect-CspService).Parameters['ClientSecret']

            $parameter.ParameterType | Should -Be ([System.Security.SecureString])
            $parameter.ParameterSets['Profile'].IsMandatory | Should -BeFalse
        }

        It 'takes the profile names as the first positional parameter, also from the pipeline' {
            $parameter = (Get-Command -Name Connect-CspService).Parameters['Profile']

            $parameter.ParameterType | Should -Be ([string[]])
            $parameter.Aliases | Should -Contain 'Name'
            $parameter.ParameterSets['Profile'].Position | Should -Be 0
            $parameter.ParameterSets['Profile'].IsMandatory | Should -BeTrue
            $parameter.ParameterSets['Profile'].ValueFromPipelineByPropertyName | Should -BeTrue
        }

        It 'takes the secrets of the other sign-in methods in the Profile set only' {
            $parameters = (Get-Command -Name Connect-CspService).Parameters

            $parameters['Certificate'].ParameterType | Should -Be ([System.Security.Cryptography.X509Certificates.X509Certificate2])
            $parameters['CertificatePassword'].ParameterType | Should -Be ([System.Security.SecureString])
            $parameters['AccessToken'].ParameterType | Should -Be ([System.Security.SecureString])
            $parameters['Identity'].ParameterType | Should -Be ([System.Management.Automation.SwitchParameter])
            foreach ($name in 'Certificate', 'CertificatePassword', 'AccessToken', 'Identity') {
                (@($parameters[$name].ParameterSets.Keys) -join ',') | Should -Be 'Profile'
            }
        }
    }
}
