#Requires -Version 7.4

Describe 'Disconnect-CspService' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null
    }

    BeforeEach {
        # Same emulated data as in BeforeAll (no -Reset needed): both profiles connected again.
        Connect-CspService -Emulator | Out-Null
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
    }

    It 'closes every connection when called without -Profile' {
        Disconnect-CspService

        Get-CspContext | Should -BeNullOrEmpty
    }

    It 'writes no output' {
        Disconnect-CspService | Should -BeNullOrEmpty
    }

    It 'closes only the named connection' {
        Disconnect-CspService -Profile 'emulator-us'

        (@(Get-CspContext).Profile) -join ',' | Should -Be 'emulator-eu'
    }

    It 'takes the profile name by position and in any case' {
        Disconnect-CspService 'EMULATOR-US'

        (@(Get-CspContext).Profile) -join ',' | Should -Be 'emulator-eu'
    }

    It 'closes several named connections' {
        Disconnect-CspService -Profile 'emulator-eu', 'emulator-us'

        Get-CspContext | Should -BeNullOrEmpty
    }

    It 'takes profile names from Get-CspContext through the pipeline' {
        Get-CspContext -Profile 'emulator-*' | Disconnect-CspService

        Get-CspContext | Should -BeNullOrEmpty
    }

    It 'reports a profile that is not connected as a non-terminating error and closes the others' {
        Disconnect-CspService -Profile 'no-such-profile', 'emulator-us' -ErrorVariable err -ErrorAction SilentlyContinue

        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotConnected*'
        $err[0].TargetObject | Should -Be 'no-such-profile'
        (@(Get-CspContext).Profile) -join ',' | Should -Be 'emulator-eu'
    }

    It 'does not fail when nothing is connected' {
        Disconnect-CspService

        { Disconnect-CspService -ErrorAction Stop } | Should -Not -Throw
    }

    It 'leaves only the remaining profile''s customers visible' {
        Disconnect-CspService -Profile 'emulator-us'
        $customers = @(Get-CspCustomer)

        $customers.Count | Should -Be 6
        ($customers.Profile | Sort-Object -Unique) -join ',' | Should -Be 'emulator-eu'
    }

    It 'makes objects read through a closed connection fail with ProfileNotConnected' {
        $usCustomer = Get-CspCustomer -Profile 'emulator-us' | Select-Object -First 1
        Disconnect-CspService -Profile 'emulator-us'

        $rows = $usCustomer | Get-CspLicense -ErrorVariable err -ErrorAction SilentlyContinue

        $rows | Should -BeNullOrEmpty
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotConnected*'
    }

    It 'makes later commands stop with NotConnected' {
        Disconnect-CspService

        { Get-CspCustomer } | Should -Throw -ErrorId 'NotConnected*'
    }

    It 'can be followed by a new connection' {
        Disconnect-CspService
        Connect-CspService -Emulator | Out-Null

        @(Get-CspCustomer).Count | Should -Be 12
    }
}
