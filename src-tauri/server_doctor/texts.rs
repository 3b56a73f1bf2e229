//! The doctor's texts for `tip doctor`, in pt-BR and en (the window translates the same ids
//! with `ui/src/i18n/`; a test checks both cover every finding and note). Placeholders are
//! `{{name}}`, as in the window's i18n files.

use std::collections::BTreeMap;

use super::findings::{FindingId, ServerFinding, SettingNote};
use crate::settings::Language;

/// Title and explanation of a finding, with its parameters filled in.
pub fn finding(f: &ServerFinding, lang: Language) -> (String, String) {
    let (title, body) = finding_text(f.id, lang);
    (fill(title, &f.params), fill(body, &f.params))
}

/// Why a setting matters and what to set, with the finding's parameters filled in.
pub fn note(note: SettingNote, params: &BTreeMap<String, String>, lang: Language) -> String {
    fill(note_text(note, lang), params)
}

/// The few labels `tip doctor` prints around the findings.
pub fn label(label: Label, lang: Language) -> &'static str {
    match (label, lang) {
        (Label::Heading, Language::En) => "Server doctor",
        (Label::Heading, Language::PtBr) => "Diagnóstico do servidor",
        (Label::NothingFound, Language::En) => {
            "nothing to check: the server and its instances look fine"
        }
        (Label::NothingFound, Language::PtBr) => {
            "nada a conferir: o servidor e as instâncias parecem bem"
        }
        (Label::CheckOnServer, Language::En) => "check on the server:",
        (Label::CheckOnServer, Language::PtBr) => "confira no servidor:",
        (Label::Remove, Language::En) => "remove this variable",
        (Label::Remove, Language::PtBr) => "remova esta variável",
        (Label::Checking, Language::En) => {
            "checking… (up to {{seconds}} s for an instance still waiting for its QR code)"
        }
        (Label::Checking, Language::PtBr) => {
            "verificando… (até {{seconds}} s para uma instância que ainda espera o QR code)"
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Heading,
    NothingFound,
    CheckOnServer,
    Remove,
    Checking,
}

/// Replaces `{{name}}` with `params[name]`; unknown names stay as they are.
pub fn fill(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = template.to_owned();
    for (name, value) in params {
        out = out.replace(&format!("{{{{{name}}}}}"), value);
    }
    out
}

/// The `{{name}}` placeholders of a text, for the tests comparing both texts' sources.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(name, _)| name.to_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The raw texts, for the tests.
pub fn raw_finding(id: FindingId, lang: Language) -> (&'static str, &'static str) {
    finding_text(id, lang)
}

pub fn raw_note(note: SettingNote, lang: Language) -> &'static str {
    note_text(note, lang)
}

fn finding_text(id: FindingId, lang: Language) -> (&'static str, &'static str) {
    match (id, lang) {
        (FindingId::LicenceRequired, Language::En) => (
            "The server asks for a licence (LICENSE_REQUIRED)",
            "This Evolution server answers 503 LICENSE_REQUIRED to every request: it is a 2.4 build that has not been activated. Activate it with the link in the server's answer, or install a version the app was tested with ({{tested}}).",
        ),
        (FindingId::LicenceRequired, Language::PtBr) => (
            "O servidor pede uma licença (LICENSE_REQUIRED)",
            "Este servidor Evolution responde 503 LICENSE_REQUIRED a todos os pedidos: é uma versão 2.4 que não foi ativada. Ative-a pelo link da resposta do servidor ou instale uma versão testada com o app ({{tested}}).",
        ),
        (FindingId::ServerTooOld, Language::En) => (
            "Evolution API {{version}} is too old",
            "Version 1.x speaks a different API and messages would fail. Update the server to a version the app was tested with ({{tested}}).",
        ),
        (FindingId::ServerTooOld, Language::PtBr) => (
            "A Evolution API {{version}} é antiga demais",
            "A versão 1.x usa outra API e os envios falhariam. Atualize o servidor para uma versão testada com o app ({{tested}}).",
        ),
        (FindingId::ServerOlderThanTested, Language::En) => (
            "Evolution API {{version}} was not tested with this app",
            "The app was tested with versions {{tested}}. Older 2.x versions usually work, but QR codes and connections are less reliable: updating the server to 2.3 is recommended.",
        ),
        (FindingId::ServerOlderThanTested, Language::PtBr) => (
            "A Evolution API {{version}} não foi testada com este app",
            "O app foi testado com as versões {{tested}}. Versões 2.x mais antigas costumam funcionar, mas QR codes e conexões são menos confiáveis: recomendamos atualizar o servidor para a 2.3.",
        ),
        (FindingId::ServerNewerThanTested, Language::En) => (
            "Evolution API {{version}} is newer than the tested versions",
            "The app was tested with versions {{tested}}. From 2.4 on, the server may ask for licence activation (503 LICENSE_REQUIRED) and does not reconnect by itself after a QR code expires: if an instance falls back to Disconnected, connect it again.",
        ),
        (FindingId::ServerNewerThanTested, Language::PtBr) => (
            "A Evolution API {{version}} é mais nova que as versões testadas",
            "O app foi testado com as versões {{tested}}. A partir da 2.4 o servidor pode pedir ativação de licença (503 LICENSE_REQUIRED) e não reconecta sozinho depois que o QR code expira: se uma instância voltar para Desconectada, conecte-a de novo.",
        ),
        (FindingId::ServerVersionUnreadable, Language::En) => (
            "The server reported an unknown version ({{version}})",
            "The app could not read this server's version, so it cannot tell whether it was tested with it ({{tested}}). Check that the address points to an Evolution API server.",
        ),
        (FindingId::ServerVersionUnreadable, Language::PtBr) => (
            "O servidor informou uma versão desconhecida ({{version}})",
            "O app não conseguiu ler a versão deste servidor e não sabe se ela foi testada ({{tested}}). Confira se o endereço é de um servidor Evolution API.",
        ),
        (FindingId::PinnedWebVersion, Language::En) => (
            "Evolution API {{version}} uses a fixed WhatsApp Web version",
            "On 2.2.x the server presents itself as WhatsApp Web {{webVersion}}, set by CONFIG_SESSION_PHONE_VERSION. When WhatsApp retires that version, QR codes stop appearing: keep it current, or update the server to 2.3, which finds the version by itself.",
        ),
        (FindingId::PinnedWebVersion, Language::PtBr) => (
            "A Evolution API {{version}} usa uma versão fixa do WhatsApp Web",
            "Na 2.2.x o servidor se apresenta como WhatsApp Web {{webVersion}}, definido em CONFIG_SESSION_PHONE_VERSION. Quando o WhatsApp aposenta essa versão, o QR code deixa de aparecer: mantenha-a atualizada ou atualize o servidor para a 2.3, que descobre a versão sozinho.",
        ),
        (FindingId::NoQr, Language::En) => (
            "{{instance}}: no QR code after {{seconds}} s",
            "The instance is stuck in “connecting” and the server has not produced any QR code: it cannot complete the handshake with WhatsApp. Check these settings on the Evolution server (its .env or docker-compose file), restart the server, then try again. If it persists, check that the server can reach the internet (proxy, firewall), or use a pairing code.",
        ),
        (FindingId::NoQr, Language::PtBr) => (
            "{{instance}}: nenhum QR code depois de {{seconds}} s",
            "A instância está parada em “conectando” e o servidor não gerou nenhum QR code: ele não consegue completar a conexão com o WhatsApp. Confira estas configurações no servidor Evolution (arquivo .env ou docker-compose), reinicie o servidor e tente de novo. Se continuar, verifique se o servidor acessa a internet (proxy, firewall) ou use um código de pareamento.",
        ),
        (FindingId::InstanceVanished, Language::En) => (
            "{{instance}} disappeared from the server",
            "The server deleted the instance while it waited to be connected. This happens when DEL_INSTANCE is set to a number of minutes. Change it as below, create the instance again and scan the QR code in time.",
        ),
        (FindingId::InstanceVanished, Language::PtBr) => (
            "{{instance}} sumiu do servidor",
            "O servidor apagou a instância enquanto ela esperava a conexão. Isso acontece quando DEL_INSTANCE tem um número de minutos. Ajuste como abaixo, crie a instância de novo e leia o QR code a tempo.",
        ),
        (FindingId::StateUnknown, Language::En) => (
            "The server lost track of {{instance}}",
            "The server lists the instance but does not know its state. This happens right after a server restart (wait a moment), or when the Redis cache it relies on is unreachable or out of date.",
        ),
        (FindingId::StateUnknown, Language::PtBr) => (
            "O servidor perdeu o estado de {{instance}}",
            "O servidor lista a instância, mas não sabe o estado dela. Isso acontece logo depois de reiniciar o servidor (aguarde um pouco) ou quando o cache Redis que ele usa está inacessível ou desatualizado.",
        ),
    }
}

fn note_text(note: SettingNote, lang: Language) -> &'static str {
    match (note, lang) {
        (SettingNote::PhoneVersionPinned, Language::En) => "The WhatsApp Web version the server presents. On 2.2.x it must be the current one (a number like 2.3000.1029423425; the server reports {{webVersion}} now). A stale value is the most common reason the QR code never appears.",
        (SettingNote::PhoneVersionPinned, Language::PtBr) => "A versão do WhatsApp Web que o servidor apresenta. Na 2.2.x ela precisa ser a atual (um número como 2.3000.1029423425; o servidor informa {{webVersion}} agora). Um valor desatualizado é o motivo mais comum para o QR code não aparecer.",
        (SettingNote::PhoneVersionAutomatic, Language::En) => "From 2.3 on, the server finds the current WhatsApp Web version by itself. If this variable holds a fixed value (left from an older setup), remove it: an old value stops the QR code from appearing.",
        (SettingNote::PhoneVersionAutomatic, Language::PtBr) => "A partir da 2.3 o servidor descobre sozinho a versão atual do WhatsApp Web. Se esta variável tiver um valor fixo (sobra de uma instalação antiga), remova-a: um valor antigo impede o QR code de aparecer.",
        (SettingNote::PhoneClient, Language::En) => "The name the session shows in WhatsApp's Linked devices. Use a plain name such as Evolution API: unusual values have stopped the QR code before.",
        (SettingNote::PhoneClient, Language::PtBr) => "O nome da sessão em Aparelhos conectados no WhatsApp. Use um nome simples, como Evolution API: valores incomuns já impediram o QR code de aparecer.",
        (SettingNote::PhoneName, Language::En) => "The browser the server presents itself as. Chrome avoids incompatibilities.",
        (SettingNote::PhoneName, Language::PtBr) => "O navegador que o servidor simula. Chrome evita incompatibilidades.",
        (SettingNote::RedisReachable, Language::En) => "With true, the server keeps sessions in Redis: if Redis is not running or the server cannot reach it, instances stay in “connecting”. Set false (or fix the Redis address) and clear old sessions from the Redis cache.",
        (SettingNote::RedisReachable, Language::PtBr) => "Com true, o servidor guarda as sessões no Redis: se o Redis não estiver rodando ou o servidor não o alcançar, as instâncias ficam em “conectando”. Use false (ou corrija o endereço do Redis) e limpe as sessões antigas do cache do Redis.",
        (SettingNote::DelInstanceKeep, Language::En) => "A number here makes the server delete an instance that is not connected within that many minutes. false keeps it while you scan the QR code.",
        (SettingNote::DelInstanceKeep, Language::PtBr) => "Um número aqui faz o servidor apagar a instância que não se conectar em tantos minutos. false mantém a instância enquanto você lê o QR code.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UI: [(Language, &str); 2] = [
        (Language::En, include_str!("../../ui/src/i18n/en.json")),
        (Language::PtBr, include_str!("../../ui/src/i18n/pt-BR.json")),
    ];

    fn ui_text(json: &serde_json::Value, path: &str) -> String {
        json.pointer(path)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_else(|| panic!("the window's i18n has no {path}"))
            .to_owned()
    }

    #[test]
    fn cli_and_window_texts_cover_every_finding_and_note_with_the_same_placeholders() {
        for (lang, source) in UI {
            let json: serde_json::Value = serde_json::from_str(source).unwrap();
            for id in FindingId::ALL {
                let (title, body) = raw_finding(id, lang);
                assert!(!title.is_empty() && !body.is_empty(), "{id:?} {lang:?}");
                let key = id.key();
                for (cli, part) in [(title, "title"), (body, "body")] {
                    let window = ui_text(&json, &format!("/doctor/findings/{key}/{part}"));
                    assert_eq!(
                        placeholders(cli),
                        placeholders(&window),
                        "{key}.{part} in {lang:?}"
                    );
                }
                assert_eq!(
                    serde_json::to_value(id).unwrap(),
                    key,
                    "key() spells the id as serde does"
                );
            }
            for note in SettingNote::ALL {
                let window = ui_text(&json, &format!("/doctor/notes/{}", note.key()));
                assert_eq!(placeholders(raw_note(note, lang)), placeholders(&window));
                assert_eq!(serde_json::to_value(note).unwrap(), note.key());
            }
        }
    }

    #[test]
    fn placeholders_are_filled_from_the_parameters() {
        let params = BTreeMap::from([
            ("instance".to_owned(), "loja-1".to_owned()),
            ("seconds".to_owned(), "75".to_owned()),
        ]);
        assert_eq!(
            fill(
                "{{instance}}: nenhum QR code depois de {{seconds}} s",
                &params
            ),
            "loja-1: nenhum QR code depois de 75 s"
        );
        assert_eq!(placeholders("{{b}} {{a}} {{b}}"), ["a", "b"]);
        // Every placeholder a finding's text uses is among the parameters the rules give it.
        let (title, _) = raw_finding(FindingId::NoQr, Language::PtBr);
        assert!(!fill(title, &params).contains("{{"));
    }
}
