import { SIGNING_PARTIES, type SigningParty } from '@smartcity/domain';
import { useSignTaskBook } from '../../api/taskBooks';
import type { TaskBookView } from '../../api/types';
import { SignatureBlock } from '../../components/SignatureBlock';
import { useI18n } from '../../i18n';

/** The signature block in 附件2's order: 甲方 the Ministry, 乙方 the pilot government, 丙方 the supervising province. */
export function SigningCard({ book }: { book: TaskBookView }) {
  const { t, m } = useI18n();
  const s = t.taskBook.signing;
  const sign = useSignTaskBook(book.id);
  const names: Record<SigningParty, string> = { ministry: s.ministry, pilot: book.pilot.organisationName, province: book.province.name };
  return (
    <div id="signing">
      <SignatureBlock
        title={s.title}
        parties={SIGNING_PARTIES.map((party) => ({ party, heading: `${names[party]}（${m.party[party]}）` }))}
        signatures={book.signatures}
        canSign={book.abilities.sign}
        signing={sign.isPending}
        sign={(body, callbacks) => sign.mutate(body, callbacks)}
      />
    </div>
  );
}
