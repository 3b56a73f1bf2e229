import { Button, Group, Modal, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

export interface ConfirmRequest {
  title: string;
  body: string;
  action: string;
  onConfirm: () => void;
}

/** A destructive action's confirmation: says what happens, red button, Cancel first. */
export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={request !== null} onClose={onClose} title={request?.title} centered>
      <Text size="sm">{request?.body}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        <Button
          color="red"
          data-testid="confirm-action"
          onClick={() => {
            request?.onConfirm();
            onClose();
          }}
        >
          {request?.action}
        </Button>
      </Group>
    </Modal>
  );
}
