/** Rounds to hundredths (scores, points, means): the precision every score in the programme is shown with. */
export const round2 = (x: number) => Math.round(x * 100) / 100;
