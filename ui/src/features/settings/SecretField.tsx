import { Badge, Button, Group, Input, PasswordInput, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconKey, IconLock } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SecretKind, SecretStatus } from "../../ipc";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useSecretMutations } from "./useSettingsMutations";

interface Props {
  kind: SecretKind;
  label: string;
  /** `null` when the keychain cannot be read: the field is shown disabled. */
  status: SecretStatus | null;
}

/**
 * A write-only key field: once saved, the key never comes back to the UI; the field
 * shows "configured" and the last characters, with Replace and Remove.
 */
export function SecretField({ kind, label, status }: Props) {
  const { t } = useTranslation();
  const { save, remove } = useSecretMutations(kind);
  const [value, setValue] = useState("");
  const [replacing, setReplacing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const configured = status?.configured ?? false;
  const editing = !configured || replacing;
  const inputId = `secret-${kind}`;

  const submit = () => {
    save.mutate(value, {
      onSuccess: () => {
        setValue("");
        setReplacing(false);
        notifications.show({ color: "teal", message: t("secret.saved") });
      },
    });
  };

  const confirmRemove = () => {
    remove.mutate(undefined, {
      onSuccess: () => {
        setConfirming(false);
        notifications.show({ color: "gray", message: t("secret.removed") });
      },
    });
  };

  return (
    <Stack gap={6} data-testid={`secret-${kind}`}>
      <Group justify="space-between">
        <Input.Label htmlFor={inputId}>{label}</Input.Label>
        {status === null ? (
          <Badge color="orange" variant="light" tt="none" data-testid={`secret-status-${kind}`}>
            {t("secret.unknown")}
          </Badge>
        ) : configured ? (
          <Badge color="teal" variant="light" tt="none" leftSection={<IconLock size={12} />} data-testid={`secret-status-${kind}`}>
            {t("secret.configured")}
            {status?.hint ? ` · ${t("secret.endsWith", { hint: status.hint })}` : ""}
          </Badge>
        ) : (
          <Badge color="gray" variant="light" tt="none" data-testid={`secret-status-${kind}`}>
            {t("secret.notConfigured")}
          </Badge>
        )}
      </Group>

      {editing ? (
        <Group align="flex-start" wrap="nowrap">
          <PasswordInput
            flex={1}
            id={inputId}
            placeholder={t("secret.placeholder")}
            leftSection={<IconKey size={16} />}
            value={value}
            disabled={status === null}
            autoComplete="off"
            data-testid={`secret-input-${kind}`}
            onChange={(e) => setValue(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && value.trim()) submit();
            }}
          />
          <Button
            onClick={submit}
            loading={save.isPending}
            disabled={!value.trim() || status === null}
            data-testid={`secret-save-${kind}`}
          >
            {t("secret.save")}
          </Button>
          {replacing && (
            <Button variant="default" onClick={() => setReplacing(false)}>
              {t("secret.cancel")}
            </Button>
          )}
        </Group>
      ) : confirming ? (
        <Group>
          <Text size="sm">{t("secret.confirmRemove")}</Text>
          <Button color="red" size="xs" loading={remove.isPending} onClick={confirmRemove} data-testid={`secret-confirm-remove-${kind}`}>
            {t("secret.confirm")}
          </Button>
          <Button variant="default" size="xs" onClick={() => setConfirming(false)}>
            {t("secret.cancel")}
          </Button>
        </Group>
      ) : (
        <Group gap="xs">
          <Button variant="light" size="xs" onClick={() => setReplacing(true)} data-testid={`secret-replace-${kind}`}>
            {t("secret.replace")}
          </Button>
          <Button variant="subtle" color="red" size="xs" onClick={() => setConfirming(true)} data-testid={`secret-remove-${kind}`}>
            {t("secret.remove")}
          </Button>
          <Text size="xs" c="dimmed">
            {t("secret.writeOnly")}
          </Text>
        </Group>
      )}
      {save.isError && <ErrorAlert error={save.error} />}
      {remove.isError && <ErrorAlert error={remove.error} />}
    </Stack>
  );
}
