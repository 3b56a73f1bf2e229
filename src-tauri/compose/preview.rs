//! The preview rules the editor and `tip compose render` share, and that sending will use:
//! which fields a list knows (learnt from its first contacts), when a text renders at all
//! (syntax errors stop it, warnings do not, as they do not stop saving), and the seed that
//! makes the preview equal to what is sent.

use crate::storage::contacts::{self, ContactFilter, ContactRow};
use crate::storage::{Db, StorageError};

use super::template::{
    self, KnownFields, MergeValues, Rendered, Seed, Severity, Template, TemplateCheck,
};

/// Contacts read to learn a list's fields and which of them are blank for someone.
pub const SAMPLE_CONTACTS: u32 = 500;

/// The contacts of one list (any list when `None`).
pub fn in_list(list_id: Option<i64>) -> ContactFilter {
    ContactFilter {
        list_id,
        ..ContactFilter::default()
    }
}

/// The lint as the editor runs it: built-in fields only without a list; with one, its
/// custom fields are known and fields blank for some of its contacts are pointed out.
pub async fn check_for_list(
    db: &Db,
    body: &str,
    list_id: Option<i64>,
) -> Result<TemplateCheck, StorageError> {
    let known = match list_id {
        Some(list_id) => {
            let sample = contacts::page_at(db, &in_list(Some(list_id)), 0, SAMPLE_CONTACTS).await?;
            let values: Vec<MergeValues> = sample.iter().map(MergeValues::from_contact).collect();
            KnownFields::from_contacts(&values)
        }
        None => KnownFields::builtins(),
    };
    Ok(template::check(body, &known))
}

/// A text ready to render for contacts, or `None` when it has syntax errors.
#[derive(Debug, Clone)]
pub struct Renderer {
    template: Template,
    template_id: Option<i64>,
}

impl Renderer {
    /// `template_id` is the saved template's id (`None` for a draft): it seeds the spintax
    /// choice, so the preview of a saved template equals what its campaign sends.
    pub fn new(body: &str, template_id: Option<i64>) -> Option<Renderer> {
        let (template, problems) = Template::parse_lenient(body);
        let has_errors = problems.iter().any(|p| p.severity == Severity::Error);
        (!has_errors).then_some(Renderer {
            template,
            template_id,
        })
    }

    pub fn render(&self, contact: &ContactRow) -> Rendered {
        self.template.render(
            &MergeValues::from_contact(contact),
            Seed::for_message(self.template_id, &contact.phone_e164),
        )
    }
}
