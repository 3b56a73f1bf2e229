import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { parseInline, parseWhatsApp, renderWhatsApp } from "./whatsappFormat";

function html(text: string): string {
  const { container } = render(<div>{renderWhatsApp(text)}</div>);
  return (container.firstChild as HTMLElement).innerHTML.replace(/ style="[^"]*"/g, "");
}

describe("WhatsApp formatting", () => {
  it("renders bold, italic, strike and monospace", () => {
    expect(html("Temos *ofertas* _hoje_ ~ontem~ ```cupom```")).toBe(
      "<p>Temos <strong>ofertas</strong> <em>hoje</em> <s>ontem</s> <code>cupom</code></p>",
    );
    expect(html("use `OI10` no caixa")).toBe("<p>use <code>OI10</code> no caixa</p>");
  });

  it("nests markers", () => {
    expect(html("*_muito_ importante*")).toBe("<p><strong><em>muito</em> importante</strong></p>");
    expect(html("_*~tudo~*_")).toBe("<p><em><strong><s>tudo</s></strong></em></p>");
  });

  it("leaves unmatched and misplaced markers literal", () => {
    expect(html("5 * 3 = 15")).toBe("<p>5 * 3 = 15</p>");
    expect(html("*aberto sem fechar")).toBe("<p>*aberto sem fechar</p>");
    expect(html("a * espaço*")).toBe("<p>a * espaço*</p>");
    expect(html("*espaço *")).toBe("<p>*espaço *</p>");
    expect(html("nome_do_arquivo.pdf")).toBe("<p>nome_do_arquivo.pdf</p>");
    expect(html("a**b")).toBe("<p>a**b</p>");
    expect(html("``````")).toBe("<p>``````</p>");
  });

  it("does not format across lines", () => {
    expect(html("*começa\ntermina*")).toBe("<p>*começa<br>termina*</p>");
  });

  it("keeps line breaks and blank lines", () => {
    expect(html("Oi\nTudo bem?\n\nAté logo")).toBe("<p>Oi<br>Tudo bem?<br><br>Até logo</p>");
  });

  it("renders bulleted and numbered lists", () => {
    expect(html("Itens:\n- arroz\n- *feijão*\n1. um\n2. dois")).toBe(
      '<p>Itens:</p><ul><li>arroz</li><li><strong>feijão</strong></li></ul><ol><li value="1">um</li><li value="2">dois</li></ol>',
    );
    const blocks = parseWhatsApp("* item\n* outro");
    expect(blocks).toEqual([
      { type: "list", ordered: false, items: [
        { marker: null, content: [{ type: "text", text: "item" }] },
        { marker: null, content: [{ type: "text", text: "outro" }] },
      ] },
    ]);
  });

  it("renders quotes and monospace blocks", () => {
    expect(html("> citação\ntexto")).toBe("<blockquote>citação</blockquote><p>texto</p>");
    expect(html("```\nlinha *1*\nlinha 2\n```")).toBe("<pre>linha *1*\nlinha 2</pre>");
  });

  it("keeps emoji and accents intact", () => {
    expect(parseInline("Olá 👋🏽 *ação*")).toEqual([
      { type: "text", text: "Olá 👋🏽 " },
      { type: "bold", children: [{ type: "text", text: "ação" }] },
    ]);
  });

  it("never turns the text into markup", () => {
    const evil = '<img src=x onerror="alert(1)"> <b>*oi*</b> &amp;';
    const { container } = render(<div>{renderWhatsApp(evil)}</div>);
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container.textContent).toBe('<img src=x onerror="alert(1)"> <b>oi</b> &amp;');
    expect(container.querySelector("strong")?.textContent).toBe("oi");
  });
});
