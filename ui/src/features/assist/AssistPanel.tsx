import { Alert, Badge, Button, Card, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Tabs, Text, TextInput, Textarea } from "@mantine/core";
import { IconPlayerStop, IconSparkles } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type AssistEvent, type AssistTask, type Language, type MessageLength, type Rejected, type RewriteKind, type Tone, aiApi } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useSettings } from "../../lib/queries";
import { rejectText } from "./rejectText";

type Mode = "draft" | "rewrite" | "variations";
const TONES: Tone[] = ["friendly", "professional", "enthusiastic", "formal", "casual"];
const LENGTHS: MessageLength[] = ["short", "medium", "long"];
const REWRITES: RewriteKind[] = ["improve", "shorten", "moreFormal", "moreCasual", "fixGrammar"];

/** What the assistant has shown so far for the current request. */
interface Live {
  streaming: string;
  variations: string[];
  rejected: Rejected[];
}
const EMPTY: Live = { streaming: "", variations: [], rejected: [] };

export function applyEvent(live: Live, event: AssistEvent): Live {
  switch (event.event) {
    case "delta":
      return { ...live, streaming: live.streaming + event.text };
    case "restart":
      return { ...live, streaming: "", rejected: [...live.rejected, event.rejected] };
    case "variation":
      return { ...live, variations: [...live.variations, event.text] };
    case "rejectedVariation":
      return { ...live, rejected: [...live.rejected, event.rejected] };
  }
}

/**
 * The editor's AI assistant: draft from a brief, rewrite the text, or N variations; the
 * answer streams in, and only text that kept every fact can be used.
 */
export function AssistPanel({ body, onUse }: { body: string; onUse: (text: string) => void }) {
  const { t } = useTranslation();
  const settings = useSettings();
  const language: Language = settings.data?.settings.language ?? "pt-BR";
  const [mode, setMode] = useState<Mode>("variations");
  const [goal, setGoal] = useState("");
  const [audience, setAudience] = useState("");
  const [tone, setTone] = useState<Tone>("friendly");
  const [length, setLength] = useState<MessageLength>("medium");
  const [rewrite, setRewrite] = useState<RewriteKind>("improve");
  const [count, setCount] = useState(3);
  const [live, setLive] = useState<Live>(EMPTY);
  const [job, setJob] = useState<string | null>(null);

  const run = useMutation({
    mutationFn: (task: AssistTask) => {
      const id = crypto.randomUUID();
      setJob(id);
      setLive(EMPTY);
      return aiApi.assist(task, id, (event) => setLive((l) => applyEvent(l, event)));
    },
    onSettled: () => setJob(null),
  });
  const task = (): AssistTask => {
    switch (mode) {
      case "draft":
        return { task: "draft", brief: { goal, audience: audience || null, tone, length, language } };
      case "rewrite":
        return { task: "rewrite", request: { text: body, kind: rewrite, language } };
      case "variations":
        return { task: "variations", request: { text: body, count, language } };
    }
  };
  const ready = mode === "draft" ? goal.trim() !== "" : body.trim() !== "";
  const outcome = run.data;
  const accepted = mode === "variations" ? (outcome?.variations ?? live.variations) : outcome?.text ? [outcome.text] : [];

  return (
    <Paper withBorder p="md" radius="md" data-testid="assist-panel">
      <Stack gap="sm">
        <Group gap="xs">
          <IconSparkles size={18} />
          <Text fw={600}>{t("assist.title")}</Text>
        </Group>
        <Tabs value={mode} onChange={(v) => v && setMode(v as Mode)}>
          <Tabs.List>
            <Tabs.Tab value="draft" data-testid="assist-tab-draft">{t("assist.draft")}</Tabs.Tab>
            <Tabs.Tab value="rewrite" data-testid="assist-tab-rewrite">{t("assist.rewrite")}</Tabs.Tab>
            <Tabs.Tab value="variations" data-testid="assist-tab-variations">{t("assist.variations")}</Tabs.Tab>
          </Tabs.List>
        </Tabs>
        {mode === "draft" && (
          <>
            <Textarea label={t("assist.goal")} description={t("assist.goalHint")} autosize minRows={2} value={goal} onChange={(e) => setGoal(e.currentTarget.value)} data-testid="assist-goal" />
            <TextInput label={t("assist.audience")} placeholder={t("assist.audiencePlaceholder")} value={audience} onChange={(e) => setAudience(e.currentTarget.value)} />
            <Group grow>
              <Select label={t("assist.tone")} data={TONES.map((v) => ({ value: v, label: t(`assist.tones.${v}`) }))} value={tone} onChange={(v) => v && setTone(v as Tone)} allowDeselect={false} />
              <div>
                <Text size="sm" fw={500} mb={4}>
                  {t("assist.length")}
                </Text>
                <SegmentedControl fullWidth data={LENGTHS.map((v) => ({ value: v, label: t(`assist.lengths.${v}`) }))} value={length} onChange={(v) => setLength(v as MessageLength)} />
              </div>
            </Group>
          </>
        )}
        {mode === "rewrite" && (
          <Select label={t("assist.rewriteKind")} data={REWRITES.map((v) => ({ value: v, label: t(`assist.rewrites.${v}`) }))} value={rewrite} onChange={(v) => v && setRewrite(v as RewriteKind)} allowDeselect={false} />
        )}
        {mode === "variations" && (
          <NumberInput label={t("assist.count")} min={2} max={10} value={count} onChange={(v) => setCount(typeof v === "number" ? v : 3)} w={160} data-testid="assist-count" />
        )}
        <Text size="xs" c="dimmed">
          {t("assist.factsNote", { field: "{{nome}}" })}
        </Text>
        <Group>
          {run.isPending ? (
            <Button variant="default" color="red" leftSection={<IconPlayerStop size={16} />} onClick={() => job && void aiApi.cancel(job)} data-testid="assist-stop">
              {t("assist.stop")}
            </Button>
          ) : (
            <Button leftSection={<IconSparkles size={16} />} disabled={!ready} onClick={() => run.mutate(task())} data-testid="assist-run">
              {t(`assist.run.${mode}`)}
            </Button>
          )}
        </Group>
        {run.isError && <ErrorAlert error={run.error} />}
        {run.isPending && live.streaming && (
          <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap", maxHeight: 160, overflow: "auto" }} data-testid="assist-streaming">
            {live.streaming}
          </Text>
        )}
        {accepted.map((text, i) => (
          <Card key={`${i}-${text.slice(0, 16)}`} withBorder padding="sm" data-testid={`assist-result-${i}`}>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {text}
            </Text>
            <Group justify="flex-end" mt="xs">
              <Button size="compact-sm" variant="light" onClick={() => onUse(text)} data-testid={`assist-use-${i}`}>
                {t("assist.use")}
              </Button>
            </Group>
          </Card>
        ))}
        {outcome?.cancelled && <Text size="sm" c="dimmed">{t("assist.cancelled")}</Text>}
        {outcome && !outcome.cancelled && accepted.length === 0 && (
          <Alert color="yellow" variant="light" data-testid="assist-all-rejected">
            {t("assist.allRejected")}
          </Alert>
        )}
        {(outcome?.rejected ?? live.rejected).length > 0 && (
          <Stack gap={4} data-testid="assist-rejected">
            <Text size="xs" fw={600} c="dimmed">
              {t("assist.rejectedTitle")}
            </Text>
            {(outcome?.rejected ?? live.rejected).map((r, i) => (
              <Group key={i} gap={6} wrap="nowrap" align="flex-start">
                <Badge size="xs" color="orange" variant="light" style={{ flexShrink: 0 }}>
                  {t(`assist.rejectKind.${r.reason.kind}`)}
                </Badge>
                <Text size="xs" c="dimmed">
                  {rejectText(t, r.reason)}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
