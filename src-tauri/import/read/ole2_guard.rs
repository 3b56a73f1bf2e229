//! Refuses OLE2 (Compound File) containers that calamine's reader cannot survive.
//!
//! Every .xls, and every Office file saved with a password, is an OLE2 container, and
//! detection already hands those to calamine (to tell an encrypted xlsx from an xls).
//! calamine 0.38 follows the container's sector chains as the file states them: a chain
//! that loops never ends and takes another sector of memory each turn, a chain pointing
//! past the sector table or past the end of the file panics, a FAT sector cut short fails
//! an assertion, and a FAT sector listed many times over is loaded as many times. [`check`]
//! walks the chains calamine will walk, in the same way, with bounds, and calls such a
//! file `Corrupt` before calamine sees it. Files a real program wrote pass unchanged.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use encoding_rs::UTF_16LE;

use super::error::ReadError;

pub(crate) const MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const HEADER_LEN: usize = 512;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Sector numbers from here up are markers: calamine loads no FAT sector from them.
const FIRST_MARKER: u32 = 0xFFFF_FFFC;
/// calamine follows the DIFAT chain while the next sector number is below this.
const DIFAT_CHAIN_END: u32 = 0xFFFF_FFFA;
const MINI_SECTOR: u64 = 64;
/// Streams shorter than this live in the mini stream (calamine's fixed cutoff).
const MINI_CUTOFF: u64 = 4096;
const DIR_ENTRY: usize = 128;
/// The streams calamine reads from an .xls: the workbook, by its BIFF8 or BIFF5 name.
const WORKBOOK_STREAMS: [&str; 2] = ["Workbook", "Book"];

fn damaged(what: &str) -> ReadError {
    ReadError::Corrupt(format!("the Office file's container is damaged ({what})"))
}

/// Checks the container in `file`, if it is one (other files pass untouched).
pub(crate) fn check(file: &mut File) -> Result<(), ReadError> {
    inspect(file, false).map(drop)
}

/// Checks the container like [`check`] and returns the workbook stream calamine's .xls
/// reader will parse (`Workbook`, else `Book`), for `xls_guard`. `None` when the file is
/// not an OLE2 container or holds neither stream.
pub(crate) fn workbook_stream(file: &mut File) -> Result<Option<Vec<u8>>, ReadError> {
    inspect(file, true)
}

fn inspect(file: &mut File, read_workbook: bool) -> Result<Option<Vec<u8>>, ReadError> {
    let mut magic = [0u8; 8];
    file.seek(SeekFrom::Start(0))?;
    let is_ole2 = file.read_exact(&mut magic).is_ok() && magic == MAGIC;
    let result = if is_ole2 {
        Container::open(file).and_then(|mut c| c.check(read_workbook))
    } else {
        Ok(None)
    };
    file.seek(SeekFrom::Start(0))?;
    result
}

/// One directory entry, as calamine reads it.
struct Entry {
    name: String,
    start: u32,
    len: u64,
}

/// Which sectors a chain is made of.
#[derive(Clone, Copy)]
enum Sectors<'t> {
    /// Sectors of the file, linked by the FAT.
    Main(&'t [u32]),
    /// 64-byte pieces of the mini stream, linked by the mini FAT.
    Mini { table: &'t [u32], stream_len: u64 },
}

struct Container<'f> {
    file: &'f mut File,
    header: [u8; HEADER_LEN],
    sector: u64,
    /// Sectors start after the header, which takes one whole sector.
    data_start: u64,
    data_len: u64,
    /// calamine refuses sector numbers above this (an error, not a panic).
    max_id: u64,
}

impl<'f> Container<'f> {
    fn open(file: &'f mut File) -> Result<Self, ReadError> {
        let len = file.seek(SeekFrom::End(0))?;
        if len < HEADER_LEN as u64 {
            return Err(damaged("shorter than its header"));
        }
        let mut header = [0u8; HEADER_LEN];
        file.seek(SeekFrom::Start(0))?;
        file.read_exact(&mut header)?;
        let sector = match u16_at(&header, 30) {
            9 => 512,
            12 => 4096,
            _ => return Err(damaged("unknown sector size")),
        };
        if u16_at(&header, 32) != 6 {
            return Err(damaged("unknown mini sector size"));
        }
        if len < sector {
            return Err(damaged("shorter than its header"));
        }
        Ok(Self {
            file,
            header,
            sector,
            data_start: sector,
            data_len: len - sector,
            max_id: len / sector,
        })
    }

    /// Checks every chain calamine follows; with `read_workbook`, also returns the bytes
    /// of the workbook stream it will parse.
    fn check(&mut self, read_workbook: bool) -> Result<Option<Vec<u8>>, ReadError> {
        let fat = self.fat()?;
        let entries = self.directory(&fat)?;
        let (mini_fat, mini_stream_len) = self.mini_fat(&fat, &entries[0])?;
        let mut workbook = None;
        for name in WORKBOOK_STREAMS {
            // calamine reads the first entry by that name, in directory order.
            let Some(entry) = entries
                .iter()
                .find(|e| e.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
            else {
                continue;
            };
            let sectors = if entry.len < MINI_CUTOFF {
                Sectors::Mini {
                    table: &mini_fat,
                    stream_len: mini_stream_len,
                }
            } else {
                Sectors::Main(&fat)
            };
            let (ids, len) = self.chain(entry.start, entry.len, sectors)?;
            if read_workbook && workbook.is_none() {
                workbook = Some(match sectors {
                    Sectors::Main(_) => self.chain_bytes(&ids, len)?,
                    Sectors::Mini { .. } => {
                        let root = &entries[0];
                        let (root_ids, root_len) =
                            self.chain(root.start, root.len, Sectors::Main(&fat))?;
                        let mini_stream = self.chain_bytes(&root_ids, root_len)?;
                        mini_chain_bytes(&mini_stream, &ids, len)
                    }
                });
            }
        }
        Ok(workbook)
    }

    /// The first `len` bytes of the sectors `ids`, in order.
    fn chain_bytes(&mut self, ids: &[u32], len: u64) -> Result<Vec<u8>, ReadError> {
        let mut bytes = Vec::new();
        for &id in ids {
            bytes.extend(self.sector_bytes(id)?);
        }
        bytes.truncate(usize::try_from(len).unwrap_or(usize::MAX));
        Ok(bytes)
    }

    /// The FAT: the sectors the header's DIFAT and the DIFAT chain list, in order.
    fn fat(&mut self) -> Result<Vec<u32>, ReadError> {
        let mut difat: Vec<u32> = u32s(&self.header[76..]);
        let mut next = u32_at(&self.header, 68);
        let mut difat_sectors = 0u64;
        while next < DIFAT_CHAIN_END {
            difat_sectors += 1;
            if difat_sectors > self.max_id + 1 {
                return Err(damaged("its DIFAT chain is longer than the file"));
            }
            difat.extend(self.table_sector(next)?);
            // The last entry of a DIFAT sector names the next one.
            next = difat.pop().unwrap_or(END_OF_CHAIN);
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < FIRST_MARKER).collect();
        // Each listing is loaded, even of the same sector: bound memory by the file's size.
        if fat_sectors.len() as u64 > self.max_id + 1 {
            return Err(damaged("it lists more FAT sectors than it has sectors"));
        }
        let mut fat = Vec::new();
        for id in fat_sectors {
            fat.extend(self.table_sector(id)?);
        }
        Ok(fat)
    }

    /// The directory entries, from the directory chain (whole 128-byte entries only).
    fn directory(&mut self, fat: &[u32]) -> Result<Vec<Entry>, ReadError> {
        let dir_start = u32_at(&self.header, 48);
        let (ids, _) = self.chain(dir_start, u64::MAX, Sectors::Main(fat))?;
        let mut bytes = Vec::new();
        for id in ids {
            bytes.extend(self.sector_bytes(id)?);
        }
        let entries: Vec<Entry> = bytes
            .chunks_exact(DIR_ENTRY)
            .map(|raw| self.entry(raw))
            .collect();
        if entries.is_empty() {
            return Err(damaged("no directory"));
        }
        Ok(entries)
    }

    fn entry(&self, raw: &[u8]) -> Entry {
        // As calamine: UTF-16 (with encoding_rs's BOM sniffing), cut at the first NUL.
        let mut name = UTF_16LE.decode(&raw[..64]).0.into_owned();
        if let Some(nul) = name.bytes().position(|b| b == 0) {
            name.truncate(nul);
        }
        let len = if self.sector == 512 {
            u64::from(u32_at(raw, 120))
        } else {
            u64_at(raw, 120)
        };
        Entry {
            name,
            start: u32_at(raw, 116),
            len,
        }
    }

    /// The mini FAT and the mini stream's length (the root entry's chain), when the
    /// header declares a mini FAT; calamine reads neither otherwise.
    fn mini_fat(&mut self, fat: &[u32], root: &Entry) -> Result<(Vec<u32>, u64), ReadError> {
        let sectors = u64::from(u32_at(&self.header, 64));
        if sectors == 0 {
            return Ok((Vec::new(), 0));
        }
        let (_, stream_len) = self.chain(root.start, root.len, Sectors::Main(fat))?;
        let start = u32_at(&self.header, 60);
        let (ids, len) = self.chain(start, sectors * self.sector, Sectors::Main(fat))?;
        let mut bytes = Vec::new();
        for id in ids {
            bytes.extend(self.sector_bytes(id)?);
        }
        bytes.truncate(usize::try_from(len).map_err(|_| damaged("mini FAT too large"))?);
        // calamine asserts the mini FAT splits into 4-byte entries.
        if bytes.len() % 4 != 0 {
            return Err(damaged("mini FAT cut short"));
        }
        Ok((u32s(&bytes), stream_len))
    }

    /// Follows a chain as calamine does: sector after sector until the end-of-chain mark
    /// or until `len` bytes are in, each sector's successor read from `sectors`' table.
    /// Returns the sectors visited and the bytes taken. A sector calamine could not
    /// read, a successor outside the table or a sector met twice makes the file damaged.
    fn chain(
        &self,
        start: u32,
        len: u64,
        sectors: Sectors<'_>,
    ) -> Result<(Vec<u32>, u64), ReadError> {
        let table = match sectors {
            Sectors::Main(table) | Sectors::Mini { table, .. } => table,
        };
        let mut seen = vec![false; table.len()];
        let (mut ids, mut bytes, mut id) = (Vec::new(), 0u64, start);
        while id != END_OF_CHAIN {
            let available = match sectors {
                Sectors::Main(_) => self.sector_len(id)?,
                Sectors::Mini { stream_len, .. } => {
                    let start = u64::from(id) * MINI_SECTOR;
                    if start >= stream_len {
                        return Err(damaged("a chain leaves the mini stream"));
                    }
                    MINI_SECTOR.min(stream_len - start)
                }
            };
            bytes += available.min(len - bytes);
            ids.push(id);
            if bytes >= len {
                break;
            }
            let index = id as usize;
            let Some(&next) = table.get(index) else {
                return Err(damaged("a chain leaves its sector table"));
            };
            if std::mem::replace(&mut seen[index], true) {
                return Err(damaged("a chain loops"));
            }
            id = next;
        }
        Ok((ids, bytes))
    }

    /// How much of sector `id` the file holds. calamine errs past `max_id`, and panics
    /// on a sector that starts beyond the last byte; both are damage here.
    fn sector_len(&self, id: u32) -> Result<u64, ReadError> {
        let start = u64::from(id) * self.sector;
        if u64::from(id) > self.max_id || start >= self.data_len {
            return Err(damaged("a sector lies past the end of the file"));
        }
        Ok(self.sector.min(self.data_len - start))
    }

    fn sector_bytes(&mut self, id: u32) -> Result<Vec<u8>, ReadError> {
        let len = self.sector_len(id)?;
        let mut bytes = vec![0u8; len as usize];
        let at = self.data_start + u64::from(id) * self.sector;
        self.file.seek(SeekFrom::Start(at))?;
        self.file.read_exact(&mut bytes)?;
        Ok(bytes)
    }

    /// A DIFAT or FAT sector, which calamine needs whole (it splits it into u32s and
    /// asserts nothing is left over).
    fn table_sector(&mut self, id: u32) -> Result<Vec<u32>, ReadError> {
        let bytes = self.sector_bytes(id)?;
        if bytes.len() as u64 != self.sector {
            return Err(damaged("a FAT sector is cut short"));
        }
        Ok(u32s(&bytes))
    }
}

/// The first `len` bytes of the 64-byte pieces `ids` of the mini stream (every piece
/// starts inside it: `chain` checked).
fn mini_chain_bytes(mini_stream: &[u8], ids: &[u32], len: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    for &id in ids {
        let start = usize::try_from(u64::from(id) * MINI_SECTOR).unwrap_or(usize::MAX);
        let end = start
            .saturating_add(MINI_SECTOR as usize)
            .min(mini_stream.len());
        bytes.extend(mini_stream.get(start..end).unwrap_or_default());
    }
    bytes.truncate(usize::try_from(len).unwrap_or(usize::MAX));
    bytes
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from(u32_at(bytes, at)) | (u64::from(u32_at(bytes, at + 4)) << 32)
}

fn u32s(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}
