#Requires -Version 7.4

# Tab completion as the console asks for it (TabExpansion2), against the in-process emulator.
Describe 'Tab completion' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null
        $contoso = Get-CspCustomer -Name 'Contoso'

        function Get-Completion {
            param([string] $Line)
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object { $_.CompletionText })
        }
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
    }

    It 'completes -CustomerId from the start of a company name' {
        Get-Completion -Line 'Get-CspLicense -CustomerId Conto' | Should -Contain $contoso.CustomerId
    }

    It 'completes -Domain with default domains' {
        Get-Completion -Line 'Test-CspRelationship -Domain conto' | Should -Contain $contoso.DefaultDomain
    }

    It 'quotes company names that hold a space' {
        Get-Completion -Line 'Get-CspCustomer -Name Northwind' | Should -Contain "'Northwind Traders'"
    }

    It 'completes the SKUs of the customer already on the command line' {
        $line = "Get-CspUser -CustomerId $($contoso.CustomerId) -Sku O365"
        Get-Completion -Line $line | Should -Contain 'O365_BUSINESS_ESSENTIALS'
    }

    It 'offers no SKU before a customer is named' {
        Get-Completion -Line 'Get-CspUser -Sku O365' | Should -BeNullOrEmpty
    }

    It 'completes -Profile with the connected profiles' {
        $profiles = Get-Completion -Line 'Get-CspLicense -Profile emulator-'
        $profiles | Should -Contain 'emulator-eu'
        $profiles | Should -Contain 'emulator-us'
    }
}
