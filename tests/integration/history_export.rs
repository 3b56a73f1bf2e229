//! History exports written to real files and read back: the CSV with the csv crate (BOM,
//! `;`, the user's language, the table's filter, no formula), the XLSX with calamine (one
//! sheet per part, numbers as numbers, dates as dates); a failed export leaves the target
//! as it was and no partial file behind.

use std::path::Path;

use calamine::{Data, Reader};
use whats_tip::app_core::{Core, HistoryExportRequest};
use whats_tip::campaign::{CampaignStatus, RecipientFilter, RecipientView};
use whats_tip::error::{AppError, ErrorCode, IpcError};
use whats_tip::evolution_sandbox::NumberDirectory;
use whats_tip::history::export::{ExportFormat, ExportTable};
use whats_tip::history::receipts::{ReceiptStatus, StatusEvent};
use whats_tip::history::replies::IncomingMessage;
use whats_tip::settings::Language;

use crate::campaigns::{all_recipients, draft, quick, rig, Rig};

/// A finished 3-recipient campaign: the first delivered, the second replied `=1+1`.
async fn finished(name: &str) -> (Rig, i64, Vec<RecipientView>) {
    let rig = rig(name, 3, &["loja-1"], NumberDirectory::default()).await;
    let view = rig
        .core
        .campaign_create(&draft(&rig, &["loja-1"]))
        .await
        .unwrap();
    rig.core
        .campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    assert_eq!(
        crate::campaigns::until_stopped(&rig.core, view.id)
            .await
            .status,
        CampaignStatus::Completed
    );
    let rows = all_recipients(&rig.core, view.id).await;
    let sent_at: jiff::Timestamp = rows[0].sent_at.as_deref().unwrap().parse().unwrap();
    let later = |minutes: i64| {
        whats_tip::campaign::clock::to_db(sent_at + jiff::SignedDuration::from_mins(minutes))
    };
    rig.core
        .history_apply_receipts(&[StatusEvent {
            instance: "loja-1".into(),
            message_id: rows[0].message_id.clone().unwrap(),
            status: ReceiptStatus::DeliveryAck,
            at: later(1),
        }])
        .await
        .unwrap();
    rig.core
        .history_receive(&IncomingMessage {
            instance: "loja-1".into(),
            message_id: "REPLY1".into(),
            jid: rows[1].jid.clone().unwrap(),
            push_name: Some("@SUM(1+1)".into()),
            text: "=1+1".into(),
            quoted_id: rows[1].message_id.clone(),
            received_at: later(5),
        })
        .await
        .unwrap();
    let rows = all_recipients(&rig.core, view.id).await;
    (rig, view.id, rows)
}

fn request(id: i64, table: ExportTable, format: ExportFormat) -> HistoryExportRequest {
    HistoryExportRequest {
        campaign_id: id,
        table,
        format,
        filter: None,
        search: None,
    }
}

fn set_language(core: &Core, language: Language) {
    let mut settings = core.settings().load().unwrap();
    settings.language = language;
    core.settings().save(settings).unwrap();
}

fn csv_records(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "UTF-8 BOM first");
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn local(stored: &str, format: &str) -> String {
    let at: jiff::Timestamp = stored.parse().unwrap();
    at.to_zoned_datetime(jiff::tz::TimeZone::system())
        .strftime(format)
        .to_string()
}

/// Excel's serial number (days since 1899-12-30) of a stored instant in the local zone.
fn excel_serial(stored: &str) -> f64 {
    let at: jiff::Timestamp = stored.parse().unwrap();
    let local = at
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .datetime();
    let epoch = jiff::civil::date(1899, 12, 30).at(0, 0, 0, 0);
    let seconds = local.duration_since(epoch).as_secs();
    seconds as f64 / 86_400.0
}

/// Nothing but the finished files in the folder (no `.part` left over).
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn report_csv_has_every_part_in_portuguese_and_no_formula() {
    let (rig, id, rows) = finished("export-report-csv").await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("relatório.csv");
    let done = rig
        .core
        .history_export(&request(id, ExportTable::Report, ExportFormat::Csv), &out)
        .await
        .unwrap();
    assert_eq!(done.rows, 3);
    assert_eq!(files_in(dir.path()), ["relatório.csv"]);
    let records = csv_records(&out);
    assert_eq!(records[0], ["Funil"]);
    assert_eq!(records[1], ["Etapa", "Quantidade"]);
    assert_eq!(records[2], ["Público", "3"]);
    assert_eq!(records[4], ["Enviadas", "3"]);
    assert_eq!(records[5], ["Entregues", "1"]);
    assert_eq!(records[7], ["Responderam", "1"]);
    let section = |title: &str| records.iter().position(|r| r == &[title]).unwrap();
    let numbers = section("Números");
    assert_eq!(records[numbers + 2][..4], ["loja-1", "3", "1", "0"]);
    let hours = section("Respostas por hora");
    assert_eq!(records[hours + 1], ["Hora", "Respostas"]);
    assert_eq!(records[hours + 2][1], "1");
    let start = section("Destinatários");
    assert_eq!(
        records[start + 1][..4],
        ["Posição", "Nome", "Telefone", "Situação"]
    );
    let table = &records[start + 2..];
    assert_eq!(table.len(), 3);
    for (line, r) in table.iter().zip(&rows) {
        assert_eq!(line.len(), 12);
        assert_eq!(line[0], r.position.to_string());
        assert_eq!(line[2], r.phone_e164);
        assert_eq!(line[3], "enviada");
        assert_eq!(
            line[5],
            local(r.sent_at.as_deref().unwrap(), "%d/%m/%Y %H:%M:%S")
        );
    }
    assert_eq!(table[0][6], "entregue");
    assert!(!table[0][7].is_empty(), "delivered at");
    assert!(!table[1][9].is_empty(), "replied at");
}

#[tokio::test]
async fn recipients_csv_keeps_the_filter_and_speaks_english() {
    let (rig, id, rows) = finished("export-recipients-csv").await;
    set_language(&rig.core, Language::En);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("delivered.csv");
    let mut req = request(id, ExportTable::Recipients, ExportFormat::Csv);
    req.filter = Some(RecipientFilter::Delivered);
    let done = rig.core.history_export(&req, &out).await.unwrap();
    assert_eq!(done.rows, 1);
    let records = csv_records(&out);
    assert_eq!(records.len(), 2, "a plain table: header and the one row");
    assert_eq!(records[0][..4], ["Position", "Name", "Phone", "Status"]);
    assert_eq!(records[1][2], rows[0].phone_e164);
    assert_eq!(records[1][3], "sent");
    assert_eq!(records[1][6], "delivered");

    let out = dir.path().join("replies.csv");
    rig.core
        .history_export(&request(id, ExportTable::Replies, ExportFormat::Csv), &out)
        .await
        .unwrap();
    let records = csv_records(&out);
    assert_eq!(records[0][0], "Received at");
    assert_eq!(records[1][1], "'@SUM(1+1)", "formula guard on the name");
    assert_eq!(records[1][4], "'=1+1", "formula guard on the text");
    assert_eq!(records[1][2], rows[1].phone_e164);
}

#[tokio::test]
async fn report_xlsx_has_a_sheet_per_part_with_numbers_and_dates() {
    let (rig, id, rows) = finished("export-report-xlsx").await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("relatório.xlsx");
    let done = rig
        .core
        .history_export(&request(id, ExportTable::Report, ExportFormat::Xlsx), &out)
        .await
        .unwrap();
    assert_eq!(done.rows, 3);
    assert_eq!(files_in(dir.path()), ["relatório.xlsx"]);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Funil", "Números", "Respostas por hora", "Destinatários"]
    );
    let funnel = book.worksheet_range("Funil").unwrap();
    assert_eq!(funnel.get((0, 0)), Some(&Data::String("Etapa".into())));
    assert_eq!(funnel.get((1, 0)), Some(&Data::String("Público".into())));
    assert_eq!(funnel.get((1, 1)), Some(&Data::Float(3.0)));
    let health = book.worksheet_range("Números").unwrap();
    assert_eq!(health.get((1, 1)), Some(&Data::Float(3.0)));
    let hours = book.worksheet_range("Respostas por hora").unwrap();
    assert!(
        matches!(hours.get((1, 0)), Some(Data::DateTime(_))),
        "{:?}",
        hours.get((1, 0))
    );
    let table = book.worksheet_range("Destinatários").unwrap();
    assert_eq!(table.height(), 4);
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap();
        assert_eq!(
            table.get_value((row, 0)),
            Some(&Data::Float(f64::from(r.position)))
        );
        assert_eq!(
            table.get_value((row, 2)),
            Some(&Data::String(r.phone_e164.clone()))
        );
        let Some(Data::DateTime(sent)) = table.get_value((row, 5)) else {
            panic!("sent at is a date: {:?}", table.get_value((row, 5)));
        };
        let expected = excel_serial(r.sent_at.as_deref().unwrap());
        assert!(
            (sent.as_f64() - expected).abs() < 1e-6,
            "{} vs {expected}",
            sent.as_f64()
        );
    }
    assert_eq!(
        table.get_value((1, 3)),
        Some(&Data::String("enviada".into()))
    );

    let out = dir.path().join("respostas.xlsx");
    rig.core
        .history_export(&request(id, ExportTable::Replies, ExportFormat::Xlsx), &out)
        .await
        .unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let replies = book.worksheet_range("Respostas").unwrap();
    assert_eq!(
        replies.get_value((1, 4)),
        Some(&Data::String("'=1+1".into()))
    );
    assert!(matches!(replies.get_value((1, 0)), Some(Data::DateTime(_))));
}

#[tokio::test]
async fn a_failed_export_leaves_the_old_file_and_no_partial_file() {
    let (rig, id, _) = finished("export-failure").await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("old.csv");
    std::fs::write(&out, "the previous export").unwrap();
    let err = rig
        .core
        .history_export(
            &request(id + 99, ExportTable::Report, ExportFormat::Csv),
            &out,
        )
        .await
        .unwrap_err();
    assert_eq!(IpcError::from(err).code, ErrorCode::CampaignNotFound);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the previous export"
    );
    assert_eq!(files_in(dir.path()), ["old.csv"]);

    let missing = dir.path().join("no-such-folder").join("x.xlsx");
    let err = rig
        .core
        .history_export(
            &request(id, ExportTable::Report, ExportFormat::Xlsx),
            &missing,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::HistoryExport(_)), "{err:?}");
    assert_eq!(
        IpcError::from(err).code,
        ErrorCode::HistoryExportWriteFailed
    );
    assert_eq!(files_in(dir.path()), ["old.csv"]);
}

#[tokio::test]
async fn the_suggested_name_carries_the_campaign_and_the_date() {
    let (rig, id, _) = finished("export-name").await;
    let name = rig
        .core
        .history_export_file_name(&request(id, ExportTable::Report, ExportFormat::Xlsx))
        .await
        .unwrap();
    let today = jiff::ZonedDateTime::now().date().to_string();
    assert!(
        name.ends_with(&format!(" - relatório - {today}.xlsx")),
        "{name}"
    );
    assert!(!name.contains(['/', '\\', ':']), "{name}");
}

#[tokio::test]
async fn tip_writes_the_same_export_from_the_command_line() {
    let (rig, id, rows) = finished("export-tip").await;
    let out = rig.data_dir().join("replied.xlsx");
    let mut tip = std::process::Command::new(env!("CARGO_BIN_EXE_tip"));
    tip.env("WHATS_TIP_DATA_DIR", rig.data_dir())
        .env(
            "WHATS_TIP_KEYRING_SERVICE",
            format!("whats-tip-export-test-{}", std::process::id()),
        )
        .args(["history", "export", "--campaign", &id.to_string()])
        .args([
            "--table",
            "recipients",
            "--filter",
            "replied",
            "--format",
            "xlsx",
        ])
        .arg("--out")
        .arg(&out);
    let status = tokio::task::spawn_blocking(move || tip.output())
        .await
        .unwrap()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(
        String::from_utf8_lossy(&status.stderr).contains("1 rows written"),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let table = book.worksheet_range("Destinatários").unwrap();
    assert_eq!(table.height(), 2);
    assert_eq!(
        table.get_value((1, 2)),
        Some(&Data::String(rows[1].phone_e164.clone()))
    );
}

#[tokio::test]
async fn top_errors_count_the_reasons_messages_did_not_go() {
    let rig = rig(
        "export-top-errors",
        4,
        &["loja-1"],
        NumberDirectory::default(),
    )
    .await;
    let view = rig
        .core
        .campaign_create(&draft(&rig, &["loja-1"]))
        .await
        .unwrap();
    let db = rig.core.db().unwrap();
    for (position, code) in [
        (0, "not_on_whatsapp"),
        (1, "not_on_whatsapp"),
        (2, "retries_exhausted"),
    ] {
        sqlx::query(
            "UPDATE campaign_recipients SET state = 'failed', error_code = ?1
              WHERE campaign_id = ?2 AND position = (SELECT MIN(position) + ?3 FROM campaign_recipients WHERE campaign_id = ?2)",
        )
        .bind(code)
        .bind(view.id)
        .bind(position)
        .execute(db.pool())
        .await
        .unwrap();
    }
    let top = rig.core.history_top_errors(view.id).await.unwrap();
    let top: Vec<(String, u32)> = top.into_iter().map(|e| (e.code, e.count)).collect();
    assert_eq!(
        top,
        [
            ("not_on_whatsapp".to_owned(), 2),
            ("retries_exhausted".to_owned(), 1)
        ]
    );
    let err = rig.core.history_top_errors(view.id + 7).await.unwrap_err();
    assert_eq!(IpcError::from(err).code, ErrorCode::CampaignNotFound);
}
