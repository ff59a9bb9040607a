/** `sleep()`: a short one that really elapses, and one of days whose timer the test switch can fire early. */
import { sleep } from 'workflow';

async function greet(name: string): Promise<string> {
  'use step';
  return `good morning, ${name}`;
}

/** Sleeps `duration` (default 5 s), then greets. */
export async function napThenGreet(name: string, duration = '5s') {
  'use workflow';
  const sleptAt = Date.now();
  await sleep(duration as '5s');
  const greeting = await greet(name);
  return { greeting, sleptAt };
}

/** Sleeps three days, then greets. */
export async function longNap(name: string) {
  'use workflow';
  await sleep('3d');
  return { greeting: await greet(name) };
}
