<#
.SYNOPSIS
    Picket agent: reports this machine's Microsoft Defender Antivirus state and events to a Picket server.
.DESCRIPTION
    One run, then exit (a scheduled task runs it as SYSTEM). docs/agent.md says what it reads and sends.
    Every request body is first written to the spool, then the spool is sent oldest first; a body leaves the spool
    only when the server has acknowledged it, and only then does the event cursor move past its records.
    State, in -StateDir (readable by SYSTEM and Administrators only, see Install-PicketAgent.ps1):
      devices.json  device id and token per device ("@self"; in collector mode also each forwarding computer)
      cursor.json   last acknowledged EventRecordID of the Defender Operational log, per device
      state.json    backoff after failed sends, the day software was last sent
      spool\        <ticks>_<device>_<last EventRecordID>_<ingest|outcome-id>.json: bodies not yet acknowledged
      agent.log     what happened, newest last (kept under 1 MB)
    Works in Windows PowerShell 5.1 and PowerShell 7.
#>
[CmdletBinding()]
param(
    [string]$ConfigPath = (Join-Path $PSScriptRoot 'picket-agent.json'),
    [string]$StateDir = (Join-Path $env:ProgramData 'Picket')
)
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$AgentVersion = '0.1.0'
$Channel = 'Microsoft-Windows-Windows Defender/Operational'
$BatchEvents = 200        # events per request: a body stays well under 2 MB
$Utf8 = New-Object System.Text.UTF8Encoding($false)
$UserAgent = "PicketAgent/$AgentVersion (PowerShell $($PSVersionTable.PSVersion))"
# fields Picket's assessments read: an older Defender platform without them is reported, not refused
$StatusFields = 'AMRunningMode', 'AMProductVersion', 'AMEngineVersion', 'AntivirusSignatureVersion',
    'AntivirusSignatureLastUpdated', 'RealTimeProtectionEnabled', 'BehaviorMonitorEnabled', 'IsTamperProtected'
$Errors = New-Object System.Collections.ArrayList
$Missing = New-Object System.Collections.ArrayList
$SendStateIds = New-Object System.Collections.ArrayList
$script:LastTicks = 0
# Windows PowerShell 5.1 may otherwise offer TLS 1.0 only, and would wait for "100 Continue" before each body
[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
[Net.ServicePointManager]::Expect100Continue = $false

function Get-Value($Object, [string]$Name) {
    if ($null -eq $Object) { return $null }
    if ($Object -is [Collections.IDictionary]) { return $Object[$Name] }
    $p = $Object.PSObject.Properties[$Name]
    if ($p) { return $p.Value } else { return $null }
}

function ConvertTo-Hashtable($Object) {
    $h = @{}
    if ($Object) { foreach ($p in $Object.PSObject.Properties) { $h[$p.Name] = $p.Value } }
    return $h
}

function Now { return [DateTime]::UtcNow.ToString('o') }

function Write-Log([string]$Message) {
    $log = Join-Path $StateDir 'agent.log'
    if ((Test-Path $log) -and (Get-Item $log).Length -gt 1MB) { Move-Item $log "$log.1" -Force }
    Add-Content -Path $log -Value "$(Now) $Message" -Encoding UTF8
}

function Add-Error([string]$Step, $Err) {
    $message = "$Err"
    if ($message.Length -gt 500) { $message = $message.Substring(0, 500) }
    [void]$Errors.Add([ordered]@{ at = (Now); step = $Step; message = $message })
    Write-Log "error in ${Step}: $message"
}

function Invoke-Step([string]$Step, [scriptblock]$Body) {
    try { & $Body } catch { Add-Error $Step $_ }
}

function Read-State([string]$Name) {
    $path = Join-Path $StateDir $Name
    if (Test-Path $path) { return ConvertTo-Hashtable ([IO.File]::ReadAllText($path) | ConvertFrom-Json) }
    return @{}
}

function Write-State([string]$Name, $Value) {
    $path = Join-Path $StateDir $Name
    [IO.File]::WriteAllText("$path.tmp", (ConvertTo-Json -InputObject $Value -Depth 4 -Compress), $Utf8)
    Move-Item "$path.tmp" $path -Force   # one step: a crash leaves the old file or the new one
}

function ConvertTo-Body($Value) { return ,$Utf8.GetBytes((ConvertTo-Json -InputObject $Value -Depth 8 -Compress)) }

function Test-Cmdlet([string]$Name) {
    if (Get-Command $Name -ErrorAction SilentlyContinue) { return $true }
    [void]$Missing.Add($Name)
    return $false
}

# --- the server ------------------------------------------------------------------------------------------------

function Invoke-Picket([string]$Method, [string]$Path, [byte[]]$Body, [string]$Token) {
    $request = @{ Method = $Method; Uri = $ServerUrl + $Path; UserAgent = $UserAgent; TimeoutSec = 120; UseBasicParsing = $true; Headers = @{} }
    if ($Token) { $request.Headers.Authorization = "Bearer $Token" }
    if ($null -ne $Body) { $request.Body = $Body; $request.ContentType = 'application/json; charset=utf-8' }
    return Invoke-RestMethod @request
}

function Get-HttpStatus($Err) {
    $response = $Err.Exception.PSObject.Properties['Response']
    if ($response -and $response.Value) { return [int]$response.Value.StatusCode }
    return 0   # no answer at all: network, name resolution or TLS
}

# With CaThumbprint set, the server's chain must contain that CA (checked on a probe connection each run; the
# CA itself is made trusted by Install-PicketAgent.ps1, so ordinary validation applies to every request).
function Test-ServerPin {
    if (-not $CaThumbprint) { return }
    $uri = [Uri]$ServerUrl
    $script:PinOk = $false
    $check = { param($source, $certificate, $chain, $policyErrors)
        $script:PinOk = "$policyErrors" -eq 'None' -and @($chain.ChainElements | Where-Object { $_.Certificate.Thumbprint -eq $CaThumbprint }).Count -gt 0
        return $script:PinOk }
    $client = New-Object Net.Sockets.TcpClient($uri.Host, $uri.Port)
    try { (New-Object Net.Security.SslStream($client.GetStream(), $false, $check)).AuthenticateAsClient($uri.Host) } catch { }
    finally { $client.Dispose() }
    if (-not $script:PinOk) { throw "the server's certificate does not chain to the pinned CA $CaThumbprint" }
}

# The token of a device, enrolling it with the enrolment key on first use.
function Get-DeviceToken([string]$Key) {
    if ($Devices.ContainsKey($Key)) { return (Get-Value $Devices[$Key] 'token') }
    $name = if ($Key -eq '@self') { $SelfName } else { $Key }
    $body = [ordered]@{ enrollmentKey = $EnrollmentKey; deviceName = $name; agentVersion = $AgentVersion }
    $r = Invoke-Picket 'POST' '/api/v1/enroll' (ConvertTo-Body $body) $null
    $Devices[$Key] = [ordered]@{ deviceId = $r.deviceId; deviceName = $r.deviceName; token = $r.deviceToken }
    Write-State 'devices.json' $Devices
    Write-Log "enrolled $name as $($r.deviceId)"
    return $r.deviceToken
}

# --- the spool -------------------------------------------------------------------------------------------------

function Get-SpoolFiles { return @(Get-ChildItem -Path $SpoolDir -Filter '*.json' -File | Sort-Object Name) }

function Add-Spool([string]$Key, [long]$UpTo, [string]$Kind, $Body) {
    $bytes = ConvertTo-Body $Body
    $used = (Get-SpoolFiles | Measure-Object -Property Length -Sum).Sum
    if ($used + $bytes.Length -gt $SpoolLimitBytes) {
        Add-Error 'spool' "the spool is full ($used bytes); a $Kind body for $Key was not kept"
        return $false
    }
    $script:LastTicks = [Math]::Max($script:LastTicks + 1, [DateTime]::UtcNow.Ticks)
    $path = Join-Path $SpoolDir ('{0:D19}_{1}_{2}_{3}.json' -f $script:LastTicks, $Key, $UpTo, $Kind)
    [IO.File]::WriteAllBytes("$path.tmp", $bytes)
    Move-Item "$path.tmp" $path
    return $true
}

# Where reading resumes: past the newest batch waiting in the spool, or else past what the server acknowledged.
# (The newest, not the highest: after a cleared log, the numbers start again from 1.)
function Get-ReadPosition([string]$Key) {
    $position = [long](Get-Value $Cursors $Key)
    foreach ($f in Get-SpoolFiles) {
        $parts = $f.BaseName -split '_'
        if ($parts[1] -eq $Key -and [long]$parts[2] -gt 0) { $position = [long]$parts[2] }
    }
    return $position
}

function Set-Backoff([string]$Message) {
    $failures = [int](Get-Value $State 'failures') + 1
    $minutes = [Math]::Min([Math]::Pow(2, $failures - 1), 60)   # 1, 2, 4 ... 60 minutes
    $State.failures = $failures
    $State.retryAtTicks = [DateTime]::UtcNow.AddMinutes($minutes).Ticks   # ticks: PowerShell 7 would turn a date text into a DateTime
    $State.lastError = $Message
    Write-State 'state.json' $State
    Write-Log "send failed ($failures in a row), next try in $minutes min: $Message"
}

function Test-Online {
    return -not $script:PinFailed -and [DateTime]::UtcNow.Ticks -ge [long](Get-Value $State 'retryAtTicks')
}

# Sends the spool oldest first; stops at the first failure so that order is kept.
function Send-Spool {
    foreach ($file in Get-SpoolFiles) {
        $null, $key, $upTo, $kind = $file.BaseName -split '_'
        $path = if ($kind -eq 'ingest') { '/api/v1/ingest' } else { "/api/v1/agent/actions/$($kind.Substring(8))/outcome" }
        try {
            $null = Invoke-Picket 'POST' $path ([IO.File]::ReadAllBytes($file.FullName)) (Get-DeviceToken $key)
        } catch {
            $status = Get-HttpStatus $_
            $final = if ($kind -eq 'ingest') { 400, 413, 415 } else { 400, 404, 409 }
            if ($final -notcontains $status) { Set-Backoff "$_"; return }
            # refused for good, so retrying cannot help: reported, and kept aside (the newest 20) for a look
            Add-Error 'send' "HTTP $status for $($file.Name): $_"
            $rejected = Join-Path $SpoolDir 'rejected'
            New-Item -ItemType Directory -Force $rejected | Out-Null
            Move-Item $file.FullName $rejected -Force
            Get-ChildItem $rejected -File | Sort-Object Name -Descending | Select-Object -Skip 20 | Remove-Item
        }
        if ([long]$upTo -gt 0) { $Cursors[$key] = [long]$upTo; Write-State 'cursor.json' $Cursors }
        if (Test-Path $file.FullName) { Remove-Item $file.FullName }
        if ($State.ContainsKey('failures')) { $State.Remove('failures'); $State.Remove('retryAtTicks'); Write-State 'state.json' $State }
    }
}

# --- what the agent reads --------------------------------------------------------------------------------------

# A cleared log numbers its records from 1 again: when its newest record is below where reading would resume, the
# log is read again from its start (the server tells reused numbers apart by the time of the event).
function Get-ResumePosition([long]$Position) {
    if ($Position -le 0) { return $Position }
    $newest = @(Get-WinEvent -LogName $Channel -MaxEvents 1 -ErrorAction SilentlyContinue)
    if ($newest.Count -and $newest[0].RecordId -lt $Position) {
        Add-Error 'events' "the log was cleared: its newest record is $($newest[0].RecordId), below $Position, the last one read; reading it from the start"
        return 0
    }
    return $Position
}

function Get-NewEvents([string]$Log, [string]$XPath, [int]$Max) {
    try { return @(Get-WinEvent -LogName $Log -FilterXPath $XPath -Oldest -MaxEvents $Max) }
    catch { if ($_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') { return @() } else { throw } }
}


# Spools events in batches of $BatchEvents; $First (the report, or a forwarded device's agent section) rides with
# the first batch. A record number above the previous one + 1 means records were lost: the log wrapped.
function Add-EventBatches([string]$Key, $Events, [long]$Position, $First) {
    $gaps = New-Object System.Collections.ArrayList
    $last = $Position
    foreach ($e in $Events) {
        if ($last -gt 0 -and $e.RecordId -gt $last + 1) {
            [void]$gaps.Add([ordered]@{ channel = $Channel; firstMissing = $last + 1; lastMissing = $e.RecordId - 1; detectedAt = (Now) })
        }
        $last = $e.RecordId
    }
    $First.agent.gaps = @($gaps)
    $i = 0
    do {
        $chunk = if ($Events.Count) { @($Events[$i..([Math]::Min($i + $BatchEvents, $Events.Count) - 1)]) } else { @() }
        $body = if ($i -eq 0) { $First } else { [ordered]@{ agentVersion = $AgentVersion } }
        $body.events = @($chunk | ForEach-Object { $_.ToXml() })
        $upTo = if ($chunk.Count) { $chunk[-1].RecordId } else { 0 }
        if (-not (Add-Spool $Key $upTo 'ingest' $body)) { return }
        $i += $BatchEvents
    } while ($i -lt $Events.Count)
}

function Get-SoftwareItems {
    $keys = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*', 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*'
    foreach ($item in Get-ItemProperty -Path $keys -ErrorAction SilentlyContinue) {
        if (-not (Get-Value $item 'DisplayName')) { continue }
        [ordered]@{ DisplayName = $item.DisplayName; DisplayVersion = Get-Value $item 'DisplayVersion'; Publisher = Get-Value $item 'Publisher';
            InstallDate = Get-Value $item 'InstallDate'; SystemComponent = Get-Value $item 'SystemComponent'; ParentKeyName = Get-Value $item 'ParentKeyName' }
    }
}

function Get-OsFacts {
    $os = Get-CimInstance Win32_OperatingSystem
    $cv = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    $release = Get-Value $cv 'DisplayVersion'
    if (-not $release) { $release = Get-Value $cv 'ReleaseId' }
    $ips = @(Get-CimInstance Win32_NetworkAdapterConfiguration -Filter 'IPEnabled = TRUE' | ForEach-Object { $_.IPAddress })
    return [ordered]@{ Caption = $os.Caption; Version = $os.Version; BuildNumber = $os.BuildNumber; UBR = Get-Value $cv 'UBR';
        ProductType = $os.ProductType; OSArchitecture = $os.OSArchitecture; DisplayVersion = $release; Domain = $Computer.Domain;
        PartOfDomain = $Computer.PartOfDomain; Manufacturer = $Computer.Manufacturer; Model = $Computer.Model; IPAddresses = $ips; Timestamp = (Now) }
}

# This machine's report: status, threats, OS facts, software once a day, then its new Defender events.
function Add-Report {
    $agent = [ordered]@{ version = $AgentVersion; mode = $(if ($CollectorMode) { 'collector' } else { 'agent' });
        psVersion = "$($PSVersionTable.PSVersion)"; runAt = $RunAt; errors = $Errors; missing = $Missing; gaps = @();
        sendFailures = [int](Get-Value $State 'failures'); lastSendError = Get-Value $State 'lastError' }
    $report = [ordered]@{ agentVersion = $AgentVersion; agent = $agent }
    if (Test-Cmdlet 'Get-MpComputerStatus') {
        Invoke-Step 'status' {
            $status = Get-MpComputerStatus | Select-Object -Property * -ExcludeProperty Cim*, PSComputerName
            foreach ($f in $StatusFields) { if (-not $status.PSObject.Properties[$f]) { [void]$Missing.Add("Get-MpComputerStatus.$f") } }
            $report.status = [ordered]@{ reportId = [guid]::NewGuid().ToString(); timestamp = (Now); status = $status }
        }
    }
    if (Test-Cmdlet 'Get-MpThreatDetection') {
        Invoke-Step 'threats' { $report.threatDetections = @(Get-MpThreatDetection | Select-Object -Property * -ExcludeProperty Cim*, PSComputerName) }
    }
    if (Test-Cmdlet 'Get-MpThreat') {
        Invoke-Step 'threats' { $report.threats = @(Get-MpThreat | Select-Object -Property * -ExcludeProperty Cim*, PSComputerName) }
    }
    Invoke-Step 'os' { $report.os = Get-OsFacts }
    $today = [int][DateTime]::UtcNow.ToString('yyyyMMdd')
    if ([int](Get-Value $State 'softwareDay') -ne $today) { Invoke-Step 'software' { $report.software = @(Get-SoftwareItems) } }
    $position = Get-ResumePosition (Get-ReadPosition '@self')
    $events = @()
    try { $events = @(Get-NewEvents $Channel "*[System[EventRecordID > $position]]" $MaxEventsPerRun) }
    catch {
        Add-Error 'events' $_
        [void]$Missing.Add($Channel)
        $report.threatsAsEvents = $true   # no event log: the detections stand for the events
    }
    Add-EventBatches '@self' $events $position $report
    if ($report.Contains('software')) { $State.softwareDay = $today; Write-State 'state.json' $State }
}

# Collector mode: Defender events that computers forward to this Windows Event Collector, each sent as the
# device named in its Computer field. Forwarded events keep their computer's EventRecordID, so each computer has
# its own cursor; the log is read over a time window because its records arrive out of their computers' order.
function Add-ForwardedEvents {
    $window = [long]$CollectorLookbackHours * 3600000
    $xpath = "*[System[Provider[@Name='Microsoft-Windows-Windows Defender'] and TimeCreated[timediff(@SystemTime) <= $window]]]"
    $events = @(Get-NewEvents 'ForwardedEvents' $xpath 1000000)
    $byComputer = @{}
    foreach ($e in $events) {
        $key = $e.MachineName.ToLowerInvariant() -replace '[^a-z0-9.-]', '-'
        if ($e.LogName -ne $Channel -or $key -eq $SelfName) { continue }
        if (-not $byComputer.ContainsKey($key)) { $byComputer[$key] = New-Object System.Collections.ArrayList }
        [void]$byComputer[$key].Add($e)
    }
    foreach ($key in @($byComputer.Keys | Sort-Object)) {
        $position = Get-ReadPosition $key
        $new = @($byComputer[$key] | Where-Object { $_.RecordId -gt $position } | Sort-Object RecordId)
        if (-not $new.Count) { continue }
        $first = [ordered]@{ agentVersion = $AgentVersion; agent = [ordered]@{ version = $AgentVersion; mode = 'forwarded'; collector = $SelfName; gaps = @() } }
        Add-EventBatches $key $new $position $first
    }
}

# --- response actions ------------------------------------------------------------------------------------------

function Add-Outcome([string]$Id, [string]$Status, [string]$Message, [string]$StartedAt) {
    $body = [ordered]@{ status = $Status; result = [ordered]@{ message = $Message; startedAt = $StartedAt; finishedAt = (Now) } }
    $null = Add-Spool '@self' 0 "outcome-$Id" $body
}

# Runs what an analyst asked for. "running" is sent first: an expired or withdrawn action is refused then, not run.
function Invoke-Actions {
    $token = Get-DeviceToken '@self'
    foreach ($action in @((Invoke-Picket 'GET' '/api/v1/agent/actions' $null $token).actions)) {
        if ($action.id -notmatch '^[0-9a-f]{16}$') { continue }   # the id becomes part of a file name
        try { $null = Invoke-Picket 'POST' "/api/v1/agent/actions/$($action.id)/outcome" (ConvertTo-Body ([ordered]@{ status = 'running' })) $token }
        catch { Add-Error "action $($action.id)" $_; continue }
        if ($action.kind -eq 'send_state') { [void]$SendStateIds.Add($action.id); continue }   # done once the report is spooled
        $startedAt = Now
        $status = 'done'
        try {
            switch ($action.kind) {
                'quick_scan' { Start-MpScan -ScanType QuickScan; $message = 'Quick scan completed.' }
                'full_scan' { Start-MpScan -ScanType FullScan; $message = 'Full scan completed.' }
                'update_signatures' { Update-MpSignature; $message = 'Security intelligence updated.' }
                default { throw "unknown action kind '$($action.kind)'" }
            }
        } catch { $status = 'failed'; $message = "$_" }
        Add-Outcome $action.id $status $message $startedAt
    }
}

function Invoke-Run([bool]$Full) {
    if (Test-Online) { Invoke-Step 'actions' { Invoke-Actions } }
    if ($Full -and $CollectorMode) { Invoke-Step 'collector' { Add-ForwardedEvents } }
    if ($Full -or $SendStateIds.Count) { Invoke-Step 'report' { Add-Report } }
    foreach ($id in $SendStateIds) { Add-Outcome $id 'done' 'State sent.' $RunAt }
    $SendStateIds.Clear()
    if (Test-Online) { Invoke-Step 'send' { Send-Spool } }
}

# --- one run ---------------------------------------------------------------------------------------------------

$Config = [IO.File]::ReadAllText($ConfigPath) | ConvertFrom-Json
$ServerUrl = ([string](Get-Value $Config 'ServerUrl')).TrimEnd('/')
$EnrollmentKey = [string](Get-Value $Config 'EnrollmentKey')
$IntervalMinutes = [int](Get-Value $Config 'IntervalMinutes'); if ($IntervalMinutes -lt 1) { $IntervalMinutes = 5 }
$CaThumbprint = ([string](Get-Value $Config 'CaThumbprint') -replace '\s', '').ToUpperInvariant()
$CollectorMode = [bool](Get-Value $Config 'CollectorMode')
$CollectorLookbackHours = [int](Get-Value $Config 'CollectorLookbackHours'); if ($CollectorLookbackHours -lt 1) { $CollectorLookbackHours = 24 }
$SpoolLimitBytes = [long](Get-Value $Config 'SpoolLimitMB') * 1MB; if ($SpoolLimitBytes -le 0) { $SpoolLimitBytes = 50MB }
$MaxEventsPerRun = [int](Get-Value $Config 'MaxEventsPerRun'); if ($MaxEventsPerRun -lt 1) { $MaxEventsPerRun = 5000 }
$PollSeconds = [int](Get-Value $Config 'PollSeconds')
if ($ServerUrl -notmatch '^https?://') { throw "ServerUrl in $ConfigPath must be an http(s) URL" }

$SpoolDir = Join-Path $StateDir 'spool'
New-Item -ItemType Directory -Force -Path $SpoolDir | Out-Null
$Devices = Read-State 'devices.json'
$Cursors = Read-State 'cursor.json'
$State = Read-State 'state.json'
$Computer = Get-CimInstance Win32_ComputerSystem
$SelfName = $(if ($Computer.PartOfDomain) { "$($Computer.DNSHostName).$($Computer.Domain)" } else { $Computer.DNSHostName }).ToLowerInvariant()
$RunAt = Now
$script:PinFailed = $false
if (Test-Online) { try { Test-ServerPin } catch { Add-Error 'pin' $_; $script:PinFailed = $true } }

Invoke-Run $true
# Short poll mode: until the next scheduled run is near, look for requested actions every PollSeconds.
$until = [DateTime]::UtcNow.AddMinutes($IntervalMinutes).AddSeconds(-60)
while ($PollSeconds -gt 0 -and [DateTime]::UtcNow.AddSeconds($PollSeconds) -lt $until -and (Test-Online)) {
    Start-Sleep -Seconds $PollSeconds
    $Errors.Clear()
    $Missing.Clear()
    $RunAt = Now
    Invoke-Run $false
}
