package membership

// MaxFileBytes is the largest membership file read: about ten million e-mail
// addresses, far beyond any segment's membership, yet small enough that reading
// the file cannot exhaust memory. The joined IDs a private state announces are
// bounded by it too: normalising a file never makes it longer.
const MaxFileBytes = 256 << 20

// initialGrowthPerDataByte bounds the first allocation of a decoded membership
// by the encoded data actually present (front-coded gzip of sorted IDs shrinks
// them about tenfold); beyond it the text grows as it is decoded, so an announced
// size that the data does not back is never allocated.
const initialGrowthPerDataByte = 64
