/**
 * Charts rendered on the server: an ECharts option in, an SVG string out (ECharts' SSR renderer),
 * with no animation, no script and a font that has Chinese glyphs. The SVG is inlined in the
 * report, so the file opens offline.
 */
import * as chartsModule from 'echarts/charts';
import * as componentsModule from 'echarts/components';
import * as coreModule from 'echarts/core';
import * as renderersModule from 'echarts/renderers';
import type * as Charts from 'echarts/types/dist/charts';
import type * as Components from 'echarts/types/dist/components';
import type * as Core from 'echarts/types/dist/core';
import type * as Renderers from 'echarts/types/dist/renderers';

// echarts' entry points re-export their types without file extensions, which Node's ESM
// resolution (tsconfig "NodeNext") cannot follow: the modules are typed from their declarations.
const { init, use } = coreModule as unknown as typeof Core;
const { BarChart, HeatmapChart, LineChart } = chartsModule as unknown as typeof Charts;
const { GridComponent, LegendComponent, VisualMapComponent } =
  componentsModule as unknown as typeof Components;
const { SVGRenderer } = renderersModule as unknown as typeof Renderers;

export type ChartOption = Core.EChartsCoreOption;

use([BarChart, HeatmapChart, LineChart, GridComponent, LegendComponent, VisualMapComponent, SVGRenderer]);

/**
 * The report's font stack, with Chinese fonts first. Single quotes only: ECharts writes it into
 * SVG `style="…"` attributes without escaping.
 */
export const FONT_FAMILY =
  "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'Helvetica Neue', Arial, sans-serif";

/** The report's colours, in series order. */
export const PALETTE = [
  '#2f6f9f',
  '#e0833a',
  '#4e9a6a',
  '#b5485d',
  '#7a62a8',
  '#8c7a4b',
  '#3aa0a8',
  '#9a9a9a',
];

export interface ChartSize {
  width?: number;
  height?: number;
}

/**
 * An ECharts option rendered as an SVG string.
 *
 * @example svgChart({ xAxis: { type: 'category', data: ['a'] }, yAxis: {}, series: [{ type: 'bar', data: [1] }] })
 */
export function svgChart(option: ChartOption, size: ChartSize = {}): string {
  const chart = init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width ?? 760,
    height: size.height ?? 360,
  });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY, color: '#333333' },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** One bar of `markedBarChart`. */
export interface MarkedBar {
  label: string;
  value: number | null;
  /** Drawn in the accent colour (e.g. the chosen k, the retained components). */
  marked: boolean;
}

/**
 * A bar chart with each value on its bar and the marked bars in the accent colour.
 *
 * @example markedBarChart([{ label: '2', value: 0.4, marked: true }], { x: 'k', y: 'silhouette' }, String)
 */
export function markedBarChart(
  bars: readonly MarkedBar[],
  axes: { x: string; y: string },
  format: (value: number) => string,
): string {
  return svgChart(
    {
      grid: { left: 60, right: 30, top: 30, bottom: 50 },
      xAxis: {
        type: 'category',
        data: bars.map((b) => b.label),
        name: axes.x,
        nameLocation: 'middle',
        nameGap: 30,
      },
      yAxis: { type: 'value', name: axes.y },
      series: [
        {
          type: 'bar',
          data: bars.map((b) => ({
            value: b.value,
            itemStyle: { color: b.marked ? PALETTE[1] : PALETTE[0] },
          })),
          label: { show: true, position: 'top', formatter: (p: { value: number }) => format(p.value) },
        },
      ],
    },
    { height: 300 },
  );
}
