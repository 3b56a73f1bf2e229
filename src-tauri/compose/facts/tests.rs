use super::*;

fn keys(text: &str) -> Vec<(FactKind, String)> {
    extract_facts(text)
        .into_iter()
        .map(|f| (f.kind, f.key))
        .collect()
}

fn one(text: &str) -> (FactKind, String) {
    let found = keys(text);
    assert_eq!(found.len(), 1, "{text:?} gave {found:?}");
    found
        .into_iter()
        .next()
        .unwrap_or((FactKind::Code, String::new()))
}

#[test]
fn prices_in_brazilian_and_american_spelling() {
    assert_eq!(
        one("por R$ 1.234,56"),
        (FactKind::Price, "BRL 1234.56".into())
    );
    assert_eq!(
        one("por R$1234,56!"),
        (FactKind::Price, "BRL 1234.56".into())
    );
    assert_eq!(one("só R$ 99"), (FactKind::Price, "BRL 99.00".into()));
    assert_eq!(one("só R$ 99,9."), (FactKind::Price, "BRL 99.90".into()));
    assert_eq!(one("R$ 1.500"), (FactKind::Price, "BRL 1500.00".into()));
    assert_eq!(one("US$ 5.00"), (FactKind::Price, "USD 5.00".into()));
    assert_eq!(one("$5.00 each"), (FactKind::Price, "USD 5.00".into()));
    assert_eq!(one("$1,299.90"), (FactKind::Price, "USD 1299.90".into()));
    assert_eq!(
        one("apenas 50 reais"),
        (FactKind::Price, "BRL 50.00".into())
    );
}

#[test]
fn percentages() {
    assert_eq!(one("30% OFF"), (FactKind::Percent, "30%".into()));
    assert_eq!(
        one("até 12,5 % de desconto"),
        (FactKind::Percent, "12.5%".into())
    );
    assert_eq!(one("10,0%"), (FactKind::Percent, "10%".into()));
}

#[test]
fn dates_in_every_usual_spelling() {
    assert_eq!(one("até 25/12"), (FactKind::Date, "25/12".into()));
    assert_eq!(one("em 5/1/26"), (FactKind::Date, "05/01/2026".into()));
    assert_eq!(one("em 25/12/2026."), (FactKind::Date, "25/12/2026".into()));
    assert_eq!(one("em 2026-12-25"), (FactKind::Date, "25/12/2026".into()));
    assert_eq!(one("25.12.2026"), (FactKind::Date, "25/12/2026".into()));
    assert_eq!(
        one("no dia 25 de dezembro"),
        (FactKind::Date, "25/12".into())
    );
    assert_eq!(
        one("25 de Dezembro de 2026"),
        (FactKind::Date, "25/12/2026".into())
    );
    assert_eq!(one("1º de maio"), (FactKind::Date, "01/05".into()));
    assert_eq!(one("até 7 de março"), (FactKind::Date, "07/03".into()));
    assert_eq!(one("25 dez."), (FactKind::Date, "25/12".into()));
    assert!(keys("32/13 e 10 de descontos").is_empty());
}

#[test]
fn times() {
    assert_eq!(one("às 14h"), (FactKind::Time, "14:00".into()));
    assert_eq!(one("às 9h30"), (FactKind::Time, "09:30".into()));
    assert_eq!(one("às 14:30"), (FactKind::Time, "14:30".into()));
    assert_eq!(one("até 18hs"), (FactKind::Time, "18:00".into()));
    assert!(keys("48h de frete? 25:99").is_empty());
}

#[test]
fn brazilian_phone_numbers() {
    for written in [
        "(11) 98765-4321",
        "(11)98765-4321",
        "11 98765-4321",
        "11987654321",
        "+55 11 98765-4321",
        "+55 (11) 98765-4321",
        "+5511987654321",
        "(011) 98765-4321",
    ] {
        assert_eq!(
            one(&format!("Ligue {written}.")),
            (FactKind::Phone, "11987654321".into()),
            "{written}"
        );
    }
    assert_eq!(one("fixo 3456-7890"), (FactKind::Phone, "34567890".into()));
    assert_eq!(
        one("SAC 0800 123 4567"),
        (FactKind::Phone, "08001234567".into())
    );
    assert_eq!(
        one("4004-1234 2 vezes"),
        (FactKind::Phone, "40041234".into())
    );
}

#[test]
fn numbers_that_are_not_phones() {
    assert!(keys("CEP 01310-100").is_empty());
    assert!(keys("CPF 123.456.789-09").is_empty());
    assert!(keys("CNPJ 12.345.678/0001-90").is_empty());
    assert!(keys("pedido 2026 com 3 itens").is_empty());
}

#[test]
fn links_and_emails() {
    assert_eq!(
        one("Veja https://Loja.com.br/Natal/."),
        (FactKind::Link, "loja.com.br/Natal".into())
    );
    assert_eq!(
        one("www.loja.com.br"),
        (FactKind::Link, "loja.com.br".into())
    );
    assert_eq!(
        one("acesse loja.com.br/promo?c=1"),
        (FactKind::Link, "loja.com.br/promo?c=1".into())
    );
    assert_eq!(
        one("*bit.ly/natal30*"),
        (FactKind::Link, "bit.ly/natal30".into())
    );
    assert_eq!(
        one("fale em wa.me/5511987654321"),
        (FactKind::Link, "wa.me/5511987654321".into())
    );
    assert_eq!(
        one("Escreva para Vendas@Loja.com.br."),
        (FactKind::Email, "vendas@loja.com.br".into())
    );
    assert!(keys("Fim.Agora começa e acabou.Com tudo").is_empty());
}

#[test]
fn coupon_codes_and_merge_fields() {
    assert_eq!(
        one("use NATAL30 no site"),
        (FactKind::Code, "NATAL30".into())
    );
    assert_eq!(
        one("cupom BLACK-FRIDAY24"),
        (FactKind::Code, "BLACK-FRIDAY24".into())
    );
    assert!(keys("PROMOÇÃO GRÁTIS só HOJE, A4 e MP3").is_empty());
    assert_eq!(
        one("Oi {{ Nome }}"),
        (FactKind::MergeField, "{{nome}}".into())
    );
    assert_eq!(
        one("Oi {{name|cliente}}"),
        (FactKind::MergeField, "{{nome|cliente}}".into())
    );
}

#[test]
fn a_full_campaign_text_yields_its_facts_in_order() {
    let text = "Oi {{nome|cliente}}! 🎄 *Black Friday*: tudo com até 40% OFF e frete grátis \
                acima de R$ 199,90. Só até 29/11, às 23h59. Cupom BLACK40 em \
                https://loja.com.br/black ou (11) 98765-4321.";
    let kinds: Vec<FactKind> = extract_facts(text).iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [
            FactKind::MergeField,
            FactKind::Percent,
            FactKind::Price,
            FactKind::Date,
            FactKind::Time,
            FactKind::Code,
            FactKind::Link,
            FactKind::Phone,
        ]
    );
    let price = &extract_facts(text)[2];
    assert_eq!(price.text, "R$ 199,90");
    assert_eq!(&text[price.range.bytes()], "R$ 199,90");
    // The emoji before it is two UTF-16 units but four bytes.
    assert_eq!(
        price.range.byte_start - price.range.utf16_start,
        text[..price.range.byte_start].len()
            - text[..price.range.byte_start].encode_utf16().count()
    );
}

const SOURCE: &str = "Olá {{nome}}! A liquidação de inverno vai até 30/06: casacos a partir de \
                      R$ 89,90 e 20% de desconto no segundo item. Cupom FRIO20 em \
                      www.modafina.com.br. Dúvidas? (21) 99876-5432.";

#[test]
fn a_faithful_rewrite_keeps_every_fact() {
    let output = "{{nome}}, nossa liquidação de inverno segue até 30 de junho! Casacos desde \
                  R$89,90 e 20 % off no segundo item. Use o cupom FRIO20 em \
                  https://www.modafina.com.br — dúvidas pelo 21 99876-5432.";
    assert_eq!(check_facts(SOURCE, output), []);
}

#[test]
fn lost_changed_and_invented_facts_are_reported() {
    let output = "Oi, {{name}}! Liquidação até 31/06: casacos a partir de R$ 79,90 e 20% de \
                  desconto no segundo item. Cupom FRIO20 em www.modafina.com.br. Frete grátis \
                  acima de R$ 300!";
    let violations = check_facts(SOURCE, output);
    let summary: Vec<(ViolationKind, String, String)> = violations
        .iter()
        .map(|v| {
            let text = |f: &Option<Fact>| f.as_ref().map(|f| f.text.clone()).unwrap_or_default();
            (v.kind, text(&v.expected), text(&v.found))
        })
        .collect();
    assert_eq!(
        summary,
        [
            (ViolationKind::Changed, "30/06".into(), "31/06".into()),
            (ViolationKind::Changed, "R$ 89,90".into(), "R$ 79,90".into()),
            (
                ViolationKind::Missing,
                "(21) 99876-5432".into(),
                String::new()
            ),
            (ViolationKind::Invented, String::new(), "R$ 300".into()),
        ],
        "{violations:#?}"
    );
    // `{{name}}` is `{{nome}}`: the same field.
    assert!(violations.iter().all(|v| v
        .expected
        .as_ref()
        .is_none_or(|f| f.kind != FactKind::MergeField)));
    assert_eq!(
        violations[1].to_string(),
        "\"R$ 89,90\" was changed to \"R$ 79,90\""
    );
}

#[test]
fn a_dropped_fallback_or_field_breaks_the_lock() {
    let violations = check_facts("Oi {{nome|cliente}}, tudo bem?", "Oi {{nome}}, tudo bem?");
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].kind, ViolationKind::Changed);
    let violations = check_facts("Oi {{nome}}, tudo bem?", "Oi Maria, tudo bem?");
    assert_eq!(violations[0].kind, ViolationKind::Missing);
}
