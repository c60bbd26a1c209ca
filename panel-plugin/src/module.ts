import { FieldColorModeId, FieldConfigProperty, PanelPlugin, ThresholdsMode } from '@grafana/data';
import { MatrixPanel } from './components/MatrixPanel';
import { addMatrixOptions } from './panelOptions';
import { MatrixOptions } from './options';

/** Wiring only: the panel component, its options, and the standard field options that fit RTT. */
export const plugin = new PanelPlugin<MatrixOptions>(MatrixPanel)
  .setPanelOptions(addMatrixOptions)
  .useFieldConfig({
    standardOptions: {
      [FieldConfigProperty.Unit]: { defaultValue: 's' },
      [FieldConfigProperty.Decimals]: {},
      [FieldConfigProperty.Mappings]: {},
      [FieldConfigProperty.Links]: {},
      [FieldConfigProperty.Color]: { defaultValue: { mode: FieldColorModeId.Thresholds } },
      [FieldConfigProperty.Thresholds]: {
        defaultValue: {
          mode: ThresholdsMode.Absolute,
          steps: [
            { value: -Infinity, color: 'green' },
            { value: 0.05, color: 'orange' },
            { value: 0.2, color: 'red' },
          ],
        },
      },
    },
    disableStandardOptions: [FieldConfigProperty.Min, FieldConfigProperty.Max, FieldConfigProperty.NoValue, FieldConfigProperty.DisplayName],
  });
