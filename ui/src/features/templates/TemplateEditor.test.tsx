import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import i18n from "../../i18n";
import type { ComposePreview, ContactView, TemplateCheck, TemplateView } from "../../ipc";
import { calls, setHandlers } from "../../test/ipcMock";
import { TemplatesPage } from "./TemplatesPage";

const contact: ContactView = {
  id: 1,
  listId: 7,
  name: "Ana Souza",
  phone: "+5511987654321",
  phoneOriginal: "(11) 98765-4321",
  phoneAlternative: null,
  lineKind: "mobile",
  email: null,
  company: null,
  city: null,
  customFields: { bairro: "Centro" },
  importId: 1,
  phoneVerdict: "ok",
  phoneChanges: [],
  createdAt: "2026-03-01T10:00:00Z",
  updatedAt: "2026-03-01T10:00:00Z",
};

/** What the backend says about the two bodies the test types. */
function checkOf(body: string): TemplateCheck {
  const at = body.indexOf("{{nme}}");
  if (at < 0) return { problems: [], hasErrors: false, variants: 1, fields: body.includes("{{nome}}") ? ["nome"] : [] };
  return {
    problems: [
      {
        kind: "unknownField",
        severity: "error",
        range: { byteStart: at, byteEnd: at + 7, utf16Start: at, utf16End: at + 7 },
        field: "nme",
        suggestion: "nome",
        contacts: null,
      },
    ],
    hasErrors: true,
    variants: 1,
    fields: ["nme"],
  };
}

function previewOf(body: string): ComposePreview {
  const ok = !body.includes("{{nme}}");
  const text = body.replace("{{nome}}", "Ana Souza").replace("*ofertas*", "*ofertas*");
  return {
    total: 2,
    index: 0,
    contact,
    rendered: ok ? { text, chars: [...text].length, utf16Len: text.length, trace: { choices: [], fields: [] } } : null,
  };
}

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <Notifications />
      <QueryClientProvider client={client}>
        <TemplatesPage />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe("template editor", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("shows an unknown field translated, blocks Save, applies the suggestion and saves", async () => {
    const saved: TemplateView[] = [];
    setHandlers({
      templates_list: () => saved,
      lists_list: () => [{ id: 7, name: "Clientes", contactCount: 2, createdAt: "2026-03-01T10:00:00Z" }],
      compose_check: ({ input }) => checkOf(input.body),
      compose_preview: ({ input }) => previewOf(input.body),
      templates_save: ({ id, draft }) => {
        const view: TemplateView = { id: id ?? 1, name: draft.name, body: draft.body, media: null, variants: 1, fields: ["nome"], createdAt: "2026-03-02T09:00:00Z", updatedAt: "2026-03-02T09:00:00Z" };
        saved.push(view);
        return view;
      },
    });
    renderPage();
    await userEvent.click(await screen.findByTestId("templates-create-first"));
    await userEvent.type(screen.getByTestId("template-name"), "Promo");
    const body = screen.getByTestId("template-body");
    fireEvent.change(body, { target: { value: "Oi {{nme}}, temos *ofertas*!" } });

    const message = await screen.findByTestId("lint-message-0");
    expect(message).toHaveTextContent("O campo {{nme}} não existe nos contatos desta lista.");
    expect(screen.getByTestId("lint-problem-0")).toHaveAttribute("data-severity", "error");
    expect(screen.getByTestId("lint-fix-0")).toHaveTextContent("Você quis dizer {{nome}}?");
    expect(screen.getByTestId("template-save")).toBeDisabled();
    expect(screen.getByTestId("save-blocked")).toHaveTextContent("Corrija os erros marcados para salvar.");
    // The range is painted behind the text.
    const mark = screen.getByTestId("template-body-highlights").querySelector("mark");
    expect(mark).toHaveTextContent("{{nme}}");
    expect(mark).toHaveAttribute("data-severity", "error");
    expect(body).toHaveAttribute("aria-invalid", "true");

    await userEvent.click(screen.getByTestId("lint-fix-0"));
    expect(body).toHaveValue("Oi {{nome}}, temos *ofertas*!");
    await waitFor(() => expect(screen.getByTestId("template-save")).toBeEnabled());
    expect(screen.queryByTestId("lint-problem-0")).not.toBeInTheDocument();

    // The preview renders the WhatsApp formatting for the first contact.
    await waitFor(() => expect(screen.getByTestId("preview-text")).toHaveTextContent("Oi Ana Souza, temos ofertas!"));
    expect(screen.getByTestId("preview-text").querySelector("strong")).toHaveTextContent("ofertas");
    expect(screen.getByTestId("preview-position")).toHaveTextContent("Contato 1 de 2");

    await userEvent.click(screen.getByTestId("template-save"));
    await waitFor(() => expect(calls.some((c) => c.name === "templates_save")).toBe(true));
    expect(calls.find((c) => c.name === "templates_save")?.args).toEqual({
      id: null,
      draft: { name: "Promo", body: "Oi {{nome}}, temos *ofertas*!", media: null },
    });
    expect(await screen.findByText('Modelo "Promo" salvo.')).toBeInTheDocument();

    // Saved: leaving needs no confirmation, and the library lists it.
    await userEvent.click(screen.getByTestId("editor-back"));
    expect(await screen.findByTestId("template-name-1")).toHaveTextContent("Promo");
  });

  it("asks before leaving with unsaved changes", async () => {
    setHandlers({
      templates_list: () => [],
      lists_list: () => [],
      compose_check: ({ input }) => checkOf(input.body),
    });
    renderPage();
    await userEvent.click(await screen.findByTestId("templates-create-first"));
    fireEvent.change(screen.getByTestId("template-body"), { target: { value: "Oi" } });
    // No contact list yet: the preview says what to do.
    expect(await screen.findByTestId("preview-blocked")).toHaveAttribute("data-reason", "noLists");
    await userEvent.click(screen.getByTestId("editor-back"));
    expect(await screen.findByText("Sair sem salvar?")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("confirm-action"));
    expect(await screen.findByTestId("templates-empty")).toBeInTheDocument();
  });
});
