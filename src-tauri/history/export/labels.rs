//! Column titles and values of the exported files, in Portuguese (Brazil) and English:
//! `tip` writes the same files as the window, so the texts live here, not in the UI.
//! Codes without a text (added later) are written as they are, never dropped.

use super::ExportTable;
use crate::settings::Language;

/// Every text an exported file shows, in one language.
#[derive(Debug)]
pub struct Labels {
    pub campaign: &'static str,
    tables: [&'static str; 3],
    pub sheet_funnel: &'static str,
    pub sheet_instances: &'static str,
    pub sheet_hours: &'static str,
    pub sheet_recipients: &'static str,
    pub sheet_replies: &'static str,
    pub funnel_headers: [&'static str; 2],
    /// Audience, excluded, submitted, delivered, read, replied, opted out, failed, needs attention.
    pub funnel_stages: [&'static str; 9],
    pub instance_headers: [&'static str; 5],
    pub hour_headers: [&'static str; 2],
    pub recipient_headers: [&'static str; 12],
    pub reply_headers: [&'static str; 8],
    /// Excel's number format for dates, and the same shape for CSV text.
    pub xlsx_date_format: &'static str,
    pub csv_date_format: &'static str,
    states: &'static [(&'static str, &'static str)],
    receipts: &'static [(&'static str, &'static str)],
    errors: &'static [(&'static str, &'static str)],
    left: &'static [(&'static str, &'static str)],
    intents: &'static [(&'static str, &'static str)],
}

fn lookup<'a>(table: &[(&'static str, &'static str)], code: &'a str) -> &'a str {
    table
        .iter()
        .find(|(k, _)| *k == code)
        .map(|(_, v)| *v)
        .unwrap_or(code)
}

impl Labels {
    pub fn for_language(language: Language) -> &'static Labels {
        match language {
            Language::PtBr => &PT_BR,
            Language::En => &EN,
        }
    }

    pub fn table_name(&self, table: ExportTable) -> &'static str {
        match table {
            ExportTable::Report => self.tables[0],
            ExportTable::Recipients => self.tables[1],
            ExportTable::Replies => self.tables[2],
        }
    }

    /// A recipient's state (`sent`, `failed`…).
    pub fn state<'a>(&self, code: &'a str) -> &'a str {
        lookup(self.states, code)
    }

    /// The best receipt the server reported (`delivery_ack`, `read`…).
    pub fn receipt<'a>(&self, code: &'a str) -> &'a str {
        lookup(self.receipts, code)
    }

    /// Why a message was not sent (`not_on_whatsapp`, `retries_exhausted`…).
    pub fn error<'a>(&self, code: &'a str) -> &'a str {
        lookup(self.errors, code)
    }

    /// Why a number left the campaign's rotation.
    pub fn left_reason<'a>(&self, code: &'a str) -> &'a str {
        lookup(self.left, code)
    }

    /// What a reply asked for (`opt_out`, `review`…) and a review's outcome.
    pub fn intent<'a>(&self, code: &'a str) -> &'a str {
        lookup(self.intents, code)
    }
}

static PT_BR: Labels = Labels {
    campaign: "campanha",
    tables: ["relatório", "destinatários", "respostas"],
    sheet_funnel: "Funil",
    sheet_instances: "Números",
    sheet_hours: "Respostas por hora",
    sheet_recipients: "Destinatários",
    sheet_replies: "Respostas",
    funnel_headers: ["Etapa", "Quantidade"],
    funnel_stages: [
        "Público",
        "Deixados de fora",
        "Enviadas",
        "Entregues",
        "Lidas",
        "Responderam",
        "Pediram para sair",
        "Falharam",
        "Precisam da sua atenção",
    ],
    instance_headers: [
        "Número (instância)",
        "Enviadas",
        "Entregues",
        "Falharam",
        "Saiu da campanha",
    ],
    hour_headers: ["Hora", "Respostas"],
    recipient_headers: [
        "Posição",
        "Nome",
        "Telefone",
        "Situação",
        "Instância",
        "Enviada em",
        "Recibo",
        "Entregue em",
        "Lida em",
        "Respondeu em",
        "Saiu em",
        "Motivo do erro",
    ],
    reply_headers: [
        "Recebida em",
        "Nome no WhatsApp",
        "Telefone",
        "Instância",
        "Texto",
        "Posição",
        "Pedido",
        "Revisão",
    ],
    xlsx_date_format: "dd/mm/yyyy hh:mm",
    csv_date_format: "%d/%m/%Y %H:%M:%S",
    states: &[
        ("excluded", "deixado de fora"),
        ("pending", "aguardando"),
        ("claimed", "aguardando"),
        ("sending", "enviando"),
        ("sent", "enviada"),
        ("failed", "falhou"),
        ("unknown", "sem confirmação"),
    ],
    receipts: &[
        ("error", "erro"),
        ("pending", "pendente"),
        ("server_ack", "no servidor"),
        ("delivery_ack", "entregue"),
        ("read", "lida"),
        ("played", "ouvida"),
    ],
    errors: &[
        ("not_on_whatsapp", "O número não tem WhatsApp."),
        ("opted_out", "Pediu para não receber mensagens."),
        ("invalid", "Número inválido."),
        ("duplicate", "Número repetido na lista."),
        (
            "retries_exhausted",
            "Não foi possível enviar depois de várias tentativas.",
        ),
        ("rejected", "O servidor recusou a mensagem."),
        (
            "new_contact_refused",
            "O WhatsApp recusou a mensagem para um contato novo.",
        ),
        ("timeout", "O servidor demorou demais para responder."),
        (
            "connection_lost",
            "A conexão com o servidor caiu durante o envio.",
        ),
        ("whatsapp_timed_out", "O WhatsApp não respondeu a tempo."),
        ("server_error", "O servidor respondeu com erro."),
        (
            "unreadable_answer",
            "A resposta do servidor não pôde ser lida.",
        ),
        ("interrupted", "O aplicativo fechou durante o envio."),
        ("marked_sent", "Marcada como enviada por você."),
        ("no_text", "Não há texto para este contato."),
        ("rate_limited", "O servidor pediu para ir mais devagar."),
    ],
    left: &[
        ("closed", "A conexão com o WhatsApp fechou."),
        ("refused", "O WhatsApp recusou este número."),
        ("not_found", "A instância não existe mais no servidor."),
        (
            "new_contacts_blocked",
            "Muitos contatos novos recusaram as mensagens.",
        ),
    ],
    intents: &[
        ("none", ""),
        ("opt_out", "pediu para sair"),
        ("opt_in", "voltou a aceitar"),
        ("review", "para revisar"),
        ("opted_out", "removido da lista"),
        ("kept", "mantido"),
    ],
};

static EN: Labels = Labels {
    campaign: "campaign",
    tables: ["report", "recipients", "replies"],
    sheet_funnel: "Funnel",
    sheet_instances: "Numbers",
    sheet_hours: "Replies per hour",
    sheet_recipients: "Recipients",
    sheet_replies: "Replies",
    funnel_headers: ["Stage", "Count"],
    funnel_stages: [
        "Audience",
        "Left out",
        "Sent",
        "Delivered",
        "Read",
        "Replied",
        "Opted out",
        "Failed",
        "Need your attention",
    ],
    instance_headers: [
        "Number (instance)",
        "Sent",
        "Delivered",
        "Failed",
        "Left the campaign",
    ],
    hour_headers: ["Hour", "Replies"],
    recipient_headers: [
        "Position",
        "Name",
        "Phone",
        "Status",
        "Instance",
        "Sent at",
        "Receipt",
        "Delivered at",
        "Read at",
        "Replied at",
        "Opted out at",
        "Error reason",
    ],
    reply_headers: [
        "Received at",
        "WhatsApp name",
        "Phone",
        "Instance",
        "Text",
        "Position",
        "Request",
        "Review",
    ],
    xlsx_date_format: "yyyy-mm-dd hh:mm",
    csv_date_format: "%Y-%m-%d %H:%M:%S",
    states: &[
        ("excluded", "left out"),
        ("pending", "waiting"),
        ("claimed", "waiting"),
        ("sending", "sending"),
        ("sent", "sent"),
        ("failed", "failed"),
        ("unknown", "unconfirmed"),
    ],
    receipts: &[
        ("error", "error"),
        ("pending", "pending"),
        ("server_ack", "on the server"),
        ("delivery_ack", "delivered"),
        ("read", "read"),
        ("played", "played"),
    ],
    errors: &[
        ("not_on_whatsapp", "The number has no WhatsApp."),
        ("opted_out", "Asked not to receive messages."),
        ("invalid", "Invalid number."),
        ("duplicate", "Number repeated in the list."),
        (
            "retries_exhausted",
            "Could not send after several attempts.",
        ),
        ("rejected", "The server refused the message."),
        (
            "new_contact_refused",
            "WhatsApp refused the message to a new contact.",
        ),
        ("timeout", "The server took too long to answer."),
        (
            "connection_lost",
            "The connection to the server dropped while sending.",
        ),
        ("whatsapp_timed_out", "WhatsApp did not answer in time."),
        ("server_error", "The server answered with an error."),
        (
            "unreadable_answer",
            "The server's answer could not be read.",
        ),
        ("interrupted", "The app closed while sending."),
        ("marked_sent", "Marked as sent by you."),
        ("no_text", "There is no text for this contact."),
        ("rate_limited", "The server asked to slow down."),
    ],
    left: &[
        ("closed", "The WhatsApp connection closed."),
        ("refused", "WhatsApp refused this number."),
        ("not_found", "The instance no longer exists on the server."),
        (
            "new_contacts_blocked",
            "Many new contacts refused the messages.",
        ),
    ],
    intents: &[
        ("none", ""),
        ("opt_out", "opted out"),
        ("opt_in", "opted back in"),
        ("review", "to review"),
        ("opted_out", "removed from the list"),
        ("kept", "kept"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_translated_and_unknown_codes_kept() {
        let pt = Labels::for_language(Language::PtBr);
        assert_eq!(pt.state("sent"), "enviada");
        assert_eq!(pt.error("not_on_whatsapp"), "O número não tem WhatsApp.");
        assert_eq!(pt.error("brand_new_code"), "brand_new_code");
        let en = Labels::for_language(Language::En);
        assert_eq!(en.receipt("delivery_ack"), "delivered");
        assert_eq!(en.left_reason("refused"), "WhatsApp refused this number.");
    }
}
