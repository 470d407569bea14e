/**
 * Defender's resource lists. Threat events name what they found as "<type>:_<value>" items joined by "; ", e.g.
 * "file:_C:\Users\a\mimikatz.exe; file:_C:\Users\a\mimilib.dll", "containerfile:_C:\x.zip",
 * "webfile:_C:\Users\a\Downloads\x.exe|https://host/x.exe|pid:1234,ProcessStart:…",
 * "regkey:_HKLM\…", "process:_pid:4321,ProcessStart:…", "amsi:_\Device\…", "behavior:_process: …".
 */

export interface DefenderResource {
  /** The type prefix as sent, lower case ("file", "containerfile", "webfile", "regkey", "process", …). */
  type: string;
  /** The value after "<type>:_"; for webfile, the local path only. */
  path: string;
  /** For webfile items, the URL the file came from. */
  url?: string;
}

// Items are split only where the next one starts with a type prefix, so a ';' inside a path does not split it.
const ITEM_SEPARATOR = /;\s*(?=[A-Za-z]+:_)/;
const ITEM = /^([A-Za-z]+):_(.*)$/s;

export function parseResourceList(list: string): DefenderResource[] {
  const out: DefenderResource[] = [];
  for (const raw of list.split(ITEM_SEPARATOR)) {
    const item = raw.trim();
    if (item === '') continue;
    const m = ITEM.exec(item);
    if (!m) {
      out.push({ type: '', path: item });
      continue;
    }
    const type = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (type === 'webfile') {
      const [path, url] = value.split('|');
      out.push(url ? { type, path: path!.trim(), url: url.trim() } : { type, path: path!.trim() });
    } else {
      out.push({ type, path: value });
    }
  }
  return out;
}

const FILE_TYPES = new Set(['file', 'containerfile', 'webfile', '']);

/** The first item that names a file on disk (file, containerfile, webfile, or an untyped path). */
export function firstFile(resources: DefenderResource[]): DefenderResource | undefined {
  return resources.find(r => FILE_TYPES.has(r.type) && looksLikeFilePath(r.path));
}

function looksLikeFilePath(p: string): boolean {
  return /^[A-Za-z]:\\/.test(p) || p.startsWith('\\\\') || p.startsWith('\\Device\\') || p.startsWith('\\??\\');
}

/**
 * Splits a Windows path the way Advanced Hunting fills its file columns: FolderPath is the full path of the file
 * (Microsoft's tables include the file name in FolderPath), FileName its last component. An archive member
 * ("C:\x.zip->(Zip)a.exe") is reported by the archive on disk, which is what a hunter can find and delete.
 */
export function splitFilePath(path: string): { FolderPath: string; FileName: string } {
  const onDisk = path.split('->')[0]!.trim();
  const i = onDisk.lastIndexOf('\\');
  return { FolderPath: onDisk, FileName: i >= 0 ? onDisk.slice(i + 1) : onDisk };
}

/** "OFFSEC\admmig" => domain and name; a bare name has no domain; "" gives neither. */
export function splitAccount(account: string): { domain: string; name: string } {
  const a = account.trim();
  const i = a.indexOf('\\');
  return i >= 0 ? { domain: a.slice(0, i), name: a.slice(i + 1) } : { domain: '', name: a };
}
