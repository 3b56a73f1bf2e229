import { Badge, Box, CloseButton, Group, Select, Skeleton, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format";
import type { ContactQuery, ContactView } from "../../ipc";
import { formatE164 } from "../import/verdictText";
import { useContactCount, useContactLists, useContactRows, useTags } from "./useContacts";

const ROW_HEIGHT = 44;
/** The number filter: how the import left it, or landlines (WhatsApp may not be there). */
const PHONE_STATES = ["repaired", "ok", "duplicate", "landline"] as const;
const COLUMNS = "minmax(160px, 1.4fr) minmax(170px, 1fr) minmax(140px, 1fr) minmax(120px, 0.8fr) minmax(120px, 0.8fr)";

/** Every contact, virtualised: only the visible rows exist in the page, fetched by page. */
export function ContactTable({ onOpen }: { onOpen: (contact: ContactView) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const lists = useContactLists();
  const tags = useTags();
  const [listId, setListId] = useState<string | null>(null);
  const [tag, setTag] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [phoneState, setPhoneState] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(search, 250);
  const query: ContactQuery = {
    listId: listId ? Number(listId) : null,
    tag,
    search: debounced.trim() || null,
    verdict: phoneState === "ok" || phoneState === "repaired" || phoneState === "duplicate" ? phoneState : null,
    lineKind: phoneState === "landline" ? "landline" : null,
  };
  const count = useContactCount(query);
  const total = count.data ?? 0;

  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const rowAt = useContactRows(query, first, last);
  const listName = new Map((lists.data ?? []).map((l) => [l.id, l.name]));

  return (
    <>
      <Group gap="sm" align="flex-end">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t("contacts.search")}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          rightSection={search ? <CloseButton size="sm" aria-label={t("contacts.clearSearch")} onClick={() => setSearch("")} data-testid="contacts-search-clear" /> : null}
          w={280}
          data-testid="contacts-search"
        />
        <Select
          placeholder={t("contacts.allLists")}
          data={(lists.data ?? []).map((l) => ({ value: String(l.id), label: `${l.name} (${format.number(l.contactCount)})` }))}
          value={listId}
          onChange={setListId}
          clearable
          w={240}
          data-testid="contacts-list-filter"
        />
        <Select
          placeholder={t("contacts.allTags")}
          data={tags.data ?? []}
          value={tag}
          onChange={setTag}
          clearable
          w={180}
          data-testid="contacts-tag-filter"
        />
        <Select
          placeholder={t("contacts.anyPhone")}
          data={PHONE_STATES.map((v) => ({ value: v, label: t(`contacts.phoneState.${v}`) }))}
          value={phoneState}
          onChange={setPhoneState}
          clearable
          w={200}
          data-testid="contacts-phone-filter"
        />
        <Text size="sm" c="dimmed" ml="auto" data-testid="contacts-total">
          {t("contacts.total", { count: total, formatted: format.number(total) })}
        </Text>
      </Group>
      <Box style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: "var(--mantine-radius-sm)" }}>
        <Box
          px="sm"
          py={8}
          style={{ display: "grid", gridTemplateColumns: COLUMNS, gap: 12, borderBottom: "1px solid var(--mantine-color-default-border)" }}
        >
          {["name", "phone", "list", "company", "city"].map((c) => (
            <Text key={c} size="sm" fw={600}>
              {t(`contacts.column.${c}`)}
            </Text>
          ))}
        </Box>
        <div ref={scrollRef} style={{ height: 460, overflow: "auto" }} data-testid="contacts-scroll">
          {total === 0 && !count.isPending ? (
            <Text c="dimmed" ta="center" py="xl" data-testid="contacts-empty">
              {debounced || listId || tag || phoneState ? t("contacts.noMatch") : t("contacts.empty")}
            </Text>
          ) : (
            <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {items.map((item) => {
                const contact = rowAt(item.index);
                return (
                  <Box
                    key={item.key}
                    px="sm"
                    data-testid={contact ? `contact-row-${contact.id}` : undefined}
                    onClick={() => contact && onOpen(contact)}
                    style={{
                      position: "absolute",
                      top: 0,
                      left: 0,
                      right: 0,
                      height: ROW_HEIGHT,
                      transform: `translateY(${item.start}px)`,
                      display: "grid",
                      gridTemplateColumns: COLUMNS,
                      gap: 12,
                      alignItems: "center",
                      cursor: contact ? "pointer" : undefined,
                      borderBottom: "1px solid var(--mantine-color-default-border)",
                    }}
                  >
                    {contact ? (
                      <>
                        <Text size="sm" truncate>
                          {contact.name || <Text span c="dimmed">{t("contacts.noName")}</Text>}
                        </Text>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" ff="monospace">
                            {formatE164(contact.phone)}
                          </Text>
                          {contact.lineKind === "landline" && (
                            <Badge size="xs" variant="light" color="gray">
                              {t("contacts.landline")}
                            </Badge>
                          )}
                        </Group>
                        <Text size="sm" truncate c="dimmed">
                          {listName.get(contact.listId) ?? ""}
                        </Text>
                        <Text size="sm" truncate>
                          {contact.company ?? ""}
                        </Text>
                        <Text size="sm" truncate>
                          {contact.city ?? ""}
                        </Text>
                      </>
                    ) : (
                      <Skeleton height={12} style={{ gridColumn: "1 / -1" }} />
                    )}
                  </Box>
                );
              })}
            </div>
          )}
        </div>
      </Box>
    </>
  );
}
