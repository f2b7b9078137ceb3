#include "xls_formula_type.h"

#include <cstdint>
#include <vector>

namespace dangan::sheet {
namespace {

using Y = FormulaYields;

struct FunctionInfo {
  uint16_t id;
  int fixed_arguments;  // for ptgFunc; -1 when Excel always writes it as ptgFuncVar
  Y yields;
};

// The worksheet functions ([MS-XLS] 2.5.198.17 Ftab) whose result kind is fixed, with the
// argument count of those written with a fixed count. Others yield kUnknown.
constexpr FunctionInfo kFunctions[] = {
    {0, -1, Y::kNumber},    {1, -1, Y::kUnknown},   {2, 1, Y::kBoolean},   {3, 1, Y::kBoolean},
    {4, -1, Y::kNumber},    {5, -1, Y::kNumber},    {6, -1, Y::kNumber},   {7, -1, Y::kNumber},
    {8, -1, Y::kNumber},    {9, -1, Y::kNumber},    {13, -1, Y::kText},    {14, -1, Y::kText},
    {19, 0, Y::kNumber},    {20, 1, Y::kNumber},    {24, 1, Y::kNumber},   {25, 1, Y::kNumber},
    {26, 1, Y::kNumber},    {27, 2, Y::kNumber},    {30, 2, Y::kText},     {31, 3, Y::kText},
    {32, 1, Y::kNumber},    {33, 1, Y::kNumber},    {34, 0, Y::kBoolean},  {35, 0, Y::kBoolean},
    {36, -1, Y::kBoolean},  {37, -1, Y::kBoolean},  {38, 1, Y::kBoolean},  {39, 2, Y::kNumber},
    {48, 2, Y::kText},      {63, 0, Y::kNumber},    {65, 3, Y::kNumber},   {66, 3, Y::kNumber},
    {67, 1, Y::kNumber},    {68, 1, Y::kNumber},    {69, 1, Y::kNumber},   {70, -1, Y::kNumber},
    {71, 1, Y::kNumber},    {72, 1, Y::kNumber},    {73, 1, Y::kNumber},   {74, 0, Y::kNumber},
    {76, 1, Y::kNumber},    {77, 1, Y::kNumber},    {111, 1, Y::kText},    {112, 1, Y::kText},
    {113, 1, Y::kText},     {114, 1, Y::kText},     {115, -1, Y::kText},   {116, -1, Y::kText},
    {118, 1, Y::kText},     {119, 4, Y::kText},     {120, -1, Y::kText},   {126, 1, Y::kBoolean},
    {127, 1, Y::kBoolean},  {128, 1, Y::kBoolean},  {129, 1, Y::kBoolean}, {131, 1, Y::kNumber},
    {169, -1, Y::kNumber},  {183, -1, Y::kNumber},  {190, 1, Y::kBoolean}, {198, 1, Y::kBoolean},
    {212, 2, Y::kNumber},   {213, 2, Y::kNumber},   {221, 0, Y::kNumber},  {228, -1, Y::kNumber},
    {336, -1, Y::kText},    {344, -1, Y::kNumber},  {345, -1, Y::kNumber}, {346, 2, Y::kNumber},
};

const FunctionInfo* FindFunction(uint16_t id) {
  for (const FunctionInfo& f : kFunctions) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

Y Either(Y a, Y b) { return a == b ? a : Y::kUnknown; }

// Evaluates the kinds of the tokens on a stack, as Excel evaluates their values.
class Judge {
 public:
  explicit Judge(std::string_view rgce) : t_(rgce) {}

  Y Run() {
    while (at_ < t_.size()) {
      if (!Step()) return Y::kUnknown;
    }
    return stack_.size() == 1 ? stack_.back() : Y::kUnknown;
  }

 private:
  bool Has(size_t n) const { return t_.size() - at_ >= n; }
  uint8_t Byte(size_t offset) const { return static_cast<uint8_t>(t_[at_ + offset]); }
  uint16_t Word(size_t offset) const {
    return static_cast<uint16_t>(Byte(offset) | Byte(offset + 1) << 8);
  }
  bool Skip(size_t n) {
    if (!Has(n)) return false;
    at_ += n;
    return true;
  }
  bool Pop(size_t n, std::vector<Y>* popped = nullptr) {
    if (stack_.size() < n) return false;
    if (popped) popped->assign(stack_.end() - static_cast<long>(n), stack_.end());
    stack_.resize(stack_.size() - n);
    return true;
  }
  bool Push(Y y, size_t size) {
    stack_.push_back(y);
    return Skip(size);
  }
  bool Binary(Y y) { return Pop(2) && Push(y, 1); }

  bool Step() {
    const uint8_t ptg = Byte(0);
    if (ptg >= 0x03 && ptg <= 0x07) return Binary(Y::kNumber);  // + - * / ^
    if (ptg == 0x08) return Binary(Y::kText);                    // &
    if (ptg >= 0x09 && ptg <= 0x0E) return Binary(Y::kBoolean);  // < <= = >= > <>
    if (ptg >= 0x0F && ptg <= 0x11) return Binary(Y::kUnknown);  // reference operators
    if (ptg >= 0x12 && ptg <= 0x14) return Pop(1) && Push(Y::kNumber, 1);  // +x -x x%
    switch (ptg) {
      case 0x15:  // parentheses
        return Skip(1);
      case 0x16:  // a missing argument
        return Push(Y::kUnknown, 1);
      case 0x17:  // a string constant: count, option byte, characters
        return Has(3) && Push(Y::kText, 3 + size_t{Byte(1)} * ((Byte(2) & 1) ? 2 : 1));
      case 0x19:
        return Attribute();
      case 0x1C:  // error constant
        return Push(Y::kUnknown, 2);
      case 0x1D:
        return Push(Y::kBoolean, 2);
      case 0x1E:
        return Push(Y::kNumber, 3);
      case 0x1F:
        return Push(Y::kNumber, 9);
      default:
        break;
    }
    if (ptg < 0x20 || ptg >= 0x80) return false;
    return Operand(static_cast<uint8_t>((ptg & 0x1F) | 0x20));
  }

  bool Attribute() {
    if (!Has(4)) return false;
    const uint8_t kind = Byte(1);
    if (kind == 0x04) return Skip(4 + 2 * size_t{Word(2)} + 2);  // CHOOSE's jump table
    if (kind == 0x10) return Pop(1) && Push(Y::kNumber, 4);     // SUM of one argument
    return Skip(4);  // volatile, IF, goto, spaces: no value of their own
  }

  // The tokens of every class (reference, value, array), by their base number.
  bool Operand(uint8_t base) {
    switch (base) {
      case 0x21:
        return Function(Has(3) ? Word(1) : 0xFFFF, -1, 3);
      case 0x22:
        return Has(4) && Function(Word(2), Byte(1), 4);
      case 0x23:
      case 0x24:
      case 0x2A:
      case 0x2C:
        return Push(Y::kUnknown, 5);  // name, reference
      case 0x25:
      case 0x2B:
      case 0x2D:
        return Push(Y::kUnknown, 9);  // area
      case 0x39:
      case 0x3A:
      case 0x3C:
        return Push(Y::kUnknown, 7);  // external name, 3-D reference
      case 0x3B:
      case 0x3D:
        return Push(Y::kUnknown, 11);  // 3-D area
      default:
        return false;  // arrays, memory areas, …: not judged
    }
  }

  bool Function(uint16_t id, int arguments, size_t size) {
    if (id & 0x8000) return false;  // a macro command
    const FunctionInfo* f = FindFunction(id);
    if (arguments < 0) {  // ptgFunc: the count is the function's own
      if (f == nullptr || f->fixed_arguments < 0) return false;
      arguments = f->fixed_arguments;
    }
    std::vector<Y> popped;
    if (!Pop(static_cast<size_t>(arguments), &popped)) return false;
    Y y = f ? f->yields : Y::kUnknown;
    if (id == 1) {  // IF: whichever branch is taken
      y = arguments == 3 ? Either(popped[1], popped[2])
          : arguments == 2 ? Either(popped[1], Y::kBoolean)
                           : Y::kUnknown;
    }
    return Push(y, size);
  }

  std::string_view t_;
  size_t at_ = 0;
  std::vector<Y> stack_;
};

}  // namespace

FormulaYields FormulaResultType(std::string_view rgce) { return Judge(rgce).Run(); }

}  // namespace dangan::sheet
