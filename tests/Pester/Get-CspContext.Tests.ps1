#Requires -Version 7.4

Describe 'Get-CspContext' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null
        $guidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
    }

    Context 'Connected to the emulator' {
        BeforeAll {
            $connections = @(Get-CspContext)
        }

        It 'lists both emulated profiles, sorted by name' {
            $connections.Count | Should -Be 2
            ($connections.Profile) -join ',' | Should -Be 'emulator-eu,emulator-us'
        }

        It 'returns ConnectionInfo objects' {
            foreach ($connection in $connections) {
                $connection.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.ConnectionInfo'
            }
        }

        It 'describes each connection: cloud, region, sign-in, partner tenant and endpoint' {
            $eu = $connections | Where-Object Profile -eq 'emulator-eu'
            $us = $connections | Where-Object Profile -eq 'emulator-us'

            $eu.Region | Should -Be 'EU'
            $us.Region | Should -Be 'US'
            foreach ($connection in $connections) {
                $connection.Cloud | Should -Be 'Emulator'
                $connection.SignInMethod | Should -Be 'AppAndUser'
                $connection.PartnerTenantId | Should -Match $guidPattern
                $connection.ApplicationId | Should -Not -BeNullOrEmpty
                $connection.PartnerCenterEndpoint | Should -Not -BeNullOrEmpty
                $connection.ConnectedAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddHours(-1))
            }
        }

        It 'shows a different partner tenant for each Partner Center account' {
            @($connections.PartnerTenantId | Sort-Object -Unique).Count | Should -Be 2
        }

        It 'exposes no secret, token or password' {
            foreach ($connection in $connections) {
                @($connection.PSObject.Properties.Name) -match 'Secret|Token|Password|Credential' | Should -BeNullOrEmpty
            }
        }

        It 'filters by profile name with wildcards' {
            $matched = @(Get-CspContext -Profile '*-eu')

            $matched.Count | Should -Be 1
            $matched[0].Profile | Should -Be 'emulator-eu'
        }

        It 'takes the profile name by position, in any case' {
            $matched = @(Get-CspContext 'EMULATOR-US')

            $matched.Count | Should -Be 1
            $matched[0].Profile | Should -Be 'emulator-us'
        }

        It 'returns nothing, without an error, for a name that matches no connection' {
            $matched = Get-CspContext -Profile 'contoso-*' -ErrorVariable err -ErrorAction SilentlyContinue

            $matched | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }
    }

    Context 'Nothing connected' {
        BeforeAll {
            Disconnect-CspService
        }

        AfterAll {
            Connect-CspService -Emulator | Out-Null
        }

        It 'returns nothing and reports no error' {
            $connections = Get-CspContext -ErrorVariable err -ErrorAction SilentlyContinue

            $connections | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }
    }
}
