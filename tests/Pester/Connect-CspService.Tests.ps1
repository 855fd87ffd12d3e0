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

        It 'stops with ProfileNotFound for a profile that does not exist' {
            Use-ProfileFile -Folder 'no-profiles'

            { Connect-CspService -Profile 'no-such-profile' -ClientSecret $dummySecret } |
                Should -Throw -ErrorId 'ProfileNotFound*'
        }

        It 'stops with ProfileNotFound when the file lacks that profile' {
            Use-ProfileFile -Folder 'other-profile' -Content '{ "profiles": [ { "name": "cumulus-eu", "partnerTenantId": "11111111-1111-1111-1111-111111111111", "applicationId": "22222222-2222-2222-2222-222222222222" } ] }'

            { Connect-CspService -Profile 'cumulus-us' -ClientSecret $dummySecret } |
                Should -Throw -ErrorId 'ProfileNotFound*'
        }

        It 'stops with ProfileFileInvalid when profiles.json is not valid JSON' {
            Use-ProfileFile -Folder 'broken' -Content '{ "profiles": [ { "name": '

            { Connect-CspService -Profile 'cumulus-eu' -ClientSecret $dummySecret } |
                Should -Throw -ErrorId 'ProfileFileInvalid*'
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

            { Connect-CspService -Profile 'insecure' -ClientSecret $dummySecret } |
                Should -Throw -ErrorId 'ProfileEndpointInsecure*'
        }

        It 'keeps the existing connections when a profile cannot be connected' {
            Use-ProfileFile -Folder 'keep'

            { Connect-CspService -Profile 'no-such-profile' -ClientSecret $dummySecret } | Should -Throw

            (@(Get-CspContext).Profile) -join ',' | Should -Be 'emulator-eu,emulator-us'
        }
    }

    Context 'Parameters' {
        It 'uses the Emulator parameter set by default' {
            (Get-Command -Name Connect-CspService).DefaultParameterSet | Should -Be 'Emulator'
        }

        It 'requires -ClientSecret with -Profile' {
            $parameter = (Get-Command -Name Connect-CspService).Parameters['ClientSecret']

            $parameter.ParameterType | Should -Be ([System.Security.SecureString])
            $parameter.ParameterSets['Profile'].IsMandatory | Should -BeTrue
        }

        It 'takes the profile name as the first positional parameter' {
            $parameter = (Get-Command -Name Connect-CspService).Parameters['Profile']

            $parameter.ParameterSets['Profile'].Position | Should -Be 0
            $parameter.ParameterSets['Profile'].IsMandatory | Should -BeTrue
        }
    }

    Context 'Help' {
        It 'has a synopsis and at least two examples' {
            $help = Get-Help -Name Connect-CspService -Full

            $help.Synopsis | Should -Not -BeNullOrEmpty
            $help.Synopsis.Trim() | Should -Not -BeLike 'Connect-CspService *'
            @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        }

        It 'documents every parameter' {
            $documented = @((Get-Help -Name Connect-CspService -Full).Parameters.Parameter.Name)

            foreach ($name in 'Emulator', 'EmulatorUri', 'Seed', 'CustomerCount', 'UsersPerCustomer', 'Reset', 'Profile', 'ClientSecret', 'RefreshToken') {
                $documented | Should -Contain $name
            }
        }
    }
}
