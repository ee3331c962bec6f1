import { describe, expect, it } from 'vitest';
import { toEventBridgeCron } from '../../infra/aws/cron.ts';

describe('toEventBridgeCron', () => {
  it('gives a step an explicit start and leaves day-of-week unspecified', () => {
    expect(toEventBridgeCron('*/5 * * * *')).toBe('cron(0/5 * * * ? *)');
  });

  it('starts day-of-month and month steps at 1, where those fields start', () => {
    expect(toEventBridgeCron('0 0 */2 */3 *')).toBe('cron(0 0 1/2 1/3 ? *)');
  });

  it('keeps a fixed time of day', () => {
    expect(toEventBridgeCron('30 8 * * *')).toBe('cron(30 8 * * ? *)');
  });

  it('names weekdays, so Unix 1 stays Monday instead of becoming Sunday', () => {
    expect(toEventBridgeCron('0 9 * * 1')).toBe('cron(0 9 ? * MON *)');
    expect(toEventBridgeCron('0 9 * * 1-5')).toBe('cron(0 9 ? * MON-FRI *)');
    expect(toEventBridgeCron('0 9 * * 0,6')).toBe('cron(0 9 ? * SUN,SAT *)');
  });

  it('reads Sunday as both 0 and 7', () => {
    expect(toEventBridgeCron('0 9 * * 7')).toBe('cron(0 9 ? * SUN *)');
    expect(toEventBridgeCron('0 9 * * 5-7')).toBe('cron(0 9 ? * SUN,FRI,SAT *)');
  });

  it('spells out weekday steps, whose start EventBridge would count differently', () => {
    expect(toEventBridgeCron('0 9 * * */2')).toBe('cron(0 9 ? * SUN,TUE,THU,SAT *)');
    expect(toEventBridgeCron('0 9 * * 1-5/2')).toBe('cron(0 9 ? * MON,WED,FRI *)');
  });

  it('accepts day and month names in any case', () => {
    expect(toEventBridgeCron('0 9 * jan mon-fri')).toBe('cron(0 9 ? 1 MON-FRI *)');
  });

  it('leaves day-of-week unspecified when day-of-month is restricted', () => {
    expect(toEventBridgeCron('0 2 1,15 * *')).toBe('cron(0 2 1,15 * ? *)');
  });

  it('keeps ranges and ranged steps', () => {
    expect(toEventBridgeCron('0-30/10 8-18 * * *')).toBe('cron(0-30/10 8-18 * * ? *)');
  });

  it('refuses both day fields restricted, which Unix reads as either and EventBridge cannot', () => {
    expect(() => toEventBridgeCron('0 9 1 * MON')).toThrow(/both day-of-month and day-of-week/);
  });

  it('refuses expressions that are not five valid fields', () => {
    expect(() => toEventBridgeCron('*/5 * * *')).toThrow(/five fields/);
    expect(() => toEventBridgeCron('0 0 * * * 2030')).toThrow(/five fields/);
    expect(() => toEventBridgeCron('60 * * * *')).toThrow(/minute/);
    expect(() => toEventBridgeCron('0 24 * * *')).toThrow(/hour/);
    expect(() => toEventBridgeCron('0 0 0 * *')).toThrow(/day-of-month/);
    expect(() => toEventBridgeCron('0 0 * 13 *')).toThrow(/month/);
    expect(() => toEventBridgeCron('0 0 * * 8')).toThrow(/day-of-week/);
    expect(() => toEventBridgeCron('0 0 L * *')).toThrow(/day-of-month/);
    expect(() => toEventBridgeCron('*/0 * * * *')).toThrow(/minute/);
    expect(() => toEventBridgeCron('5-1 * * * *')).toThrow(/minute/);
  });
});
