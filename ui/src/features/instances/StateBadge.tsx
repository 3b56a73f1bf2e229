import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ConnectionState } from "../../ipc";

const COLORS: Record<ConnectionState, string> = { open: "teal", connecting: "yellow", close: "gray", unknown: "orange" };

export function StateBadge({ state, testId }: { state: ConnectionState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[state]} variant="light" tt="none" data-testid={testId} data-state={state}>
      {t(`instances.state.${state}`)}
    </Badge>
  );
}
