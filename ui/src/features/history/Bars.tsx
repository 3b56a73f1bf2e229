// The chart library (recharts under @mantine/charts) is large: report screens load it on
// demand (`React.lazy` in charts.tsx), so the app's first screen does not wait for it.
import { BarChart, type BarChartProps } from "@mantine/charts";

export default function Bars(props: BarChartProps) {
  return <BarChart {...props} />;
}
