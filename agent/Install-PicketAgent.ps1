<#
.SYNOPSIS
    Installs the Picket agent: copies it to Program Files and runs it as SYSTEM from a scheduled task.
.DESCRIPTION
    Run as an administrator, from the folder holding PicketAgent.ps1 and picket-agent.json (the onboarding
    package). The configuration (it holds the enrolment key) and the state folder (it will hold the device token)
    are made readable by SYSTEM and Administrators only. With CaCertificateFile in the configuration, that CA is
    added to the machine's trusted roots so the agent can validate a server certificate from a private CA.
.EXAMPLE
    powershell.exe -ExecutionPolicy Bypass -File .\Install-PicketAgent.ps1 -IntervalMinutes 10
#>
[CmdletBinding()]
param(
    [string]$SourceDir = $PSScriptRoot,
    [string]$InstallDir = (Join-Path $env:ProgramFiles 'Picket'),
    [string]$StateDir = (Join-Path $env:ProgramData 'Picket'),
    [int]$IntervalMinutes = 0,          # 0: IntervalMinutes of the configuration, else 5
    [switch]$UsePowerShell7             # run with pwsh.exe instead of Windows PowerShell 5.1
)
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$TaskName = 'Picket Agent'

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { throw 'Run this as an administrator.' }

# SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544) only, nothing inherited
function Protect-Path([string]$Path, [switch]$Folder) {
    $grant = if ($Folder) { '(OI)(CI)F' } else { 'F' }
    & icacls.exe $Path /inheritance:r /grant:r "*S-1-5-18:$grant" "*S-1-5-32-544:$grant" | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "icacls could not protect $Path" }
}

$config = Get-Content -Raw (Join-Path $SourceDir 'picket-agent.json') | ConvertFrom-Json
if ($IntervalMinutes -lt 1) { $IntervalMinutes = [int]$config.IntervalMinutes }
if ($IntervalMinutes -lt 1) { $IntervalMinutes = 5 }

New-Item -ItemType Directory -Force -Path $InstallDir, $StateDir | Out-Null
Protect-Path $StateDir -Folder
Copy-Item (Join-Path $SourceDir 'PicketAgent.ps1'), (Join-Path $SourceDir 'picket-agent.json'), (Join-Path $SourceDir 'Uninstall-PicketAgent.ps1') $InstallDir -Force
Protect-Path (Join-Path $InstallDir 'picket-agent.json')

if ($config.CaCertificateFile) {
    $file = if ([IO.Path]::IsPathRooted($config.CaCertificateFile)) { $config.CaCertificateFile } else { Join-Path $SourceDir $config.CaCertificateFile }
    $ca = New-Object Security.Cryptography.X509Certificates.X509Certificate2($file)
    if ($config.CaThumbprint -and $ca.Thumbprint -ne ($config.CaThumbprint -replace '\s', '').ToUpperInvariant()) {
        throw "$file has thumbprint $($ca.Thumbprint), not the CaThumbprint of the configuration"
    }
    Import-Certificate -FilePath $file -CertStoreLocation Cert:\LocalMachine\Root | Out-Null
    Write-Host "Trusted the CA $($ca.Subject) ($($ca.Thumbprint))."
}

$shell = if ($UsePowerShell7) { (Get-Command pwsh.exe).Source } else { Join-Path $PSHOME 'powershell.exe' }
$script = Join-Path $InstallDir 'PicketAgent.ps1'
$action = New-ScheduledTaskAction -Execute $shell -Argument "-NoProfile -NonInteractive -ExecutionPolicy Bypass -File `"$script`" -StateDir `"$StateDir`""
$trigger = New-ScheduledTaskTrigger -Once -At (Get-Date).AddMinutes(1) -RepetitionInterval (New-TimeSpan -Minutes $IntervalMinutes)
$runAs = New-ScheduledTaskPrincipal -UserId 'S-1-5-18' -LogonType ServiceAccount -RunLevel Highest
# a full scan requested by an analyst can take hours; a run still going when the next is due is not doubled
$settings = New-ScheduledTaskSettingsSet -MultipleInstances IgnoreNew -ExecutionTimeLimit (New-TimeSpan -Hours 6) -StartWhenAvailable
Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Principal $runAs -Settings $settings -Force | Out-Null
Start-ScheduledTask -TaskName $TaskName
Write-Host "Installed: task '$TaskName' runs $script as SYSTEM every $IntervalMinutes minutes; state in $StateDir."
