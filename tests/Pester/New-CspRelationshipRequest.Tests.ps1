#Requires -Version 7.4

Describe 'New-CspRelationshipRequest' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
    }

    Context 'A direct link' {
        BeforeAll {
            $request = New-CspRelationshipRequest -Profile 'emulator-eu'
        }

        It 'returns one RelationshipRequest' {
            @($request).Count | Should -Be 1
            $request.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.RelationshipRequest'
        }

        It 'is a direct link for the partner of the profile' {
            $request.Type | Should -Be 'Direct'
            $request.Profile | Should -Be 'emulator-eu'
            $request.ResellerName | Should -BeNullOrEmpty
            $request.ResellerTenantId | Should -BeNullOrEmpty
            $request.ResellerMpnId | Should -BeNullOrEmpty
        }

        It 'asks for delegated admin privileges by default' {
            $request.IncludesDelegatedAdmin | Should -BeTrue
            $request.Url | Should -Match 'DAP=true'
            $request.Url | Should -Not -Match 'DAP=false'
        }

        It 'has one DAP parameter in the link' {
            ([regex]::Matches($request.Url, 'DAP=')).Count | Should -Be 1
        }

        It 'is a web address' {
            $request.Url | Should -Match '^https?://'
        }

        It 'shows as its link in a string' {
            "$request" | Should -Be $request.Url
        }

        It 'gives a link for the other account too' {
            $us = New-CspRelationshipRequest -Profile 'emulator-us'

            $us.Profile | Should -Be 'emulator-us'
            $us.Type | Should -Be 'Direct'
            $us.Url | Should -Match 'DAP=true'
        }
    }

    Context '-IncludeDelegatedAdmin:$false' {
        BeforeAll {
            $request = New-CspRelationshipRequest -Profile 'emulator-eu' -IncludeDelegatedAdmin:$false
        }

        It 'asks for the reseller relationship only' {
            $request.IncludesDelegatedAdmin | Should -BeFalse
            $request.Url | Should -Match 'DAP=false'
            $request.Url | Should -Not -Match 'DAP=true'
        }

        It 'has one DAP parameter in the link' {
            ([regex]::Matches($request.Url, 'DAP=')).Count | Should -Be 1
        }

        It 'is still a direct link' {
            $request.Type | Should -Be 'Direct'
        }
    }

    Context 'Resellers' {
        It 'reports a reseller the profile does not list as a non-terminating ResellerNotFound error' {
            $result = New-CspRelationshipRequest -Profile 'emulator-eu' -Reseller 'Adventure Works IT' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ResellerNotFound*'
            $err[0].Exception.Message | Should -Match 'Adventure Works IT'
        }

        It 'takes the reseller by position' {
            New-CspRelationshipRequest 'Nobody' -Profile 'emulator-eu' -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null

            $err[0].FullyQualifiedErrorId | Should -BeLike 'ResellerNotFound*'
        }

        It 'takes the reseller from the ResellerName property of piped objects, one request each' {
            $rows = @(
                [pscustomobject]@{ ResellerName = 'Nobody' }
                [pscustomobject]@{ ResellerName = 'Nobody Either' }
            )

            $result = $rows | New-CspRelationshipRequest -Profile 'emulator-eu' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 2
            foreach ($record in $err) {
                $record.FullyQualifiedErrorId | Should -BeLike 'ResellerNotFound*'
            }
        }

        It 'treats an empty reseller as none: a direct link' {
            $request = New-CspRelationshipRequest -Profile 'emulator-eu' -Reseller ''

            $request.Type | Should -Be 'Direct'
        }
    }

    Context 'Which Partner Center account' {
        It 'stops with ProfileAmbiguous when several profiles are connected and none is named' {
            @(Get-CspContext).Count | Should -Be 2

            { New-CspRelationshipRequest } | Should -Throw -ErrorId 'ProfileAmbiguous*'
        }

        It 'stops with ProfileNotConnected for a profile that is not connected' {
            { New-CspRelationshipRequest -Profile 'emulator-xx' } | Should -Throw -ErrorId 'ProfileNotConnected*'
        }
    }

    Context 'One profile connected' {
        BeforeAll {
            Disconnect-CspService -Profile 'emulator-us'
        }

        AfterAll {
            Connect-CspService -Emulator | Out-Null
        }

        It 'uses the only connection without -Profile' {
            $request = New-CspRelationshipRequest

            $request.Profile | Should -Be 'emulator-eu'
            $request.Type | Should -Be 'Direct'
        }
    }

    Context 'Nothing connected' {
        BeforeAll {
            Disconnect-CspService
        }

        AfterAll {
            Connect-CspService -Emulator | Out-Null
        }

        It 'stops with NotConnected' {
            { New-CspRelationshipRequest -Profile 'emulator-eu' } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
